/* Shell completion, as kubelogin and kubectl (cobra) do it: the script a
 * shell sources is a thin wrapper that asks the binary itself
 * (`kubeconvert __complete WORDS...`) for the candidates, so completion can
 * never drift from the options the binary accepts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "completion.h"
#include "file.h"
#include "memory.h"
#include "names.h"
#include "parse_split.h"

static const char bash_script[] =
    "# bash completion for kubeconvert (kubeconvert completion bash)\n"
    "_kubeconvert() {\n"
    "    local IFS=$'\\n' cmd=${COMP_WORDS[0]}\n"
    "    case $cmd in kubectl-convert_kubeconfig) ;; *) cmd=kubeconvert ;; esac\n"
    "    COMPREPLY=($(\"$cmd\" __complete \"${COMP_WORDS[@]:1:COMP_CWORD}\" 2>/dev/null))\n"
    "}\n"
    "complete -o default -F _kubeconvert kubeconvert\n"
    "complete -o default -F _kubeconvert kubectl-convert_kubeconfig\n";

static const char zsh_script[] =
    "#compdef kubeconvert kubectl-convert_kubeconfig\n"
    "# zsh completion for kubeconvert (kubeconvert completion zsh)\n"
    "_kubeconvert() {\n"
    "    local -a candidates\n"
    "    candidates=(\"${(@f)$(kubeconvert __complete \"${(@)words[2,CURRENT]}\" 2>/dev/null)}\")\n"
    "    if [[ -n ${candidates[1]} ]]; then\n"
    "        compadd -S '' -- \"${candidates[@]}\"\n"
    "    else\n"
    "        _files\n"
    "    fi\n"
    "}\n"
    "if [[ $zsh_eval_context[-1] == loadautofunc ]]; then\n"
    "    _kubeconvert \"$@\"\n"
    "else\n"
    "    compdef _kubeconvert kubeconvert kubectl-convert_kubeconfig\n"
    "fi\n";

static const char fish_script[] =
    "# fish completion for kubeconvert (kubeconvert completion fish)\n"
    "function __kubeconvert_complete\n"
    "    set -l words (commandline -opc) (commandline -ct)\n"
    "    kubeconvert __complete $words[2..-1] 2>/dev/null\n"
    "end\n"
    "complete -c kubeconvert -f -a '(__kubeconvert_complete)'\n"
    "complete -c kubeconvert -F -n 'test -z (__kubeconvert_complete)'\n";

int kc_completion_script(const char *shell, FILE *out)
{
    const char *script = !shell                     ? NULL
                         : strcmp(shell, "bash") == 0 ? bash_script
                         : strcmp(shell, "zsh") == 0  ? zsh_script
                         : strcmp(shell, "fish") == 0 ? fish_script
                                                      : NULL;
    if (!script) {
        fprintf(stderr, "kubeconvert: error: completion needs one of bash, zsh, fish "
                        "(see kubeconvert --help)\n");
        return KC_EXIT_USAGE;
    }
    fputs(script, out);
    return KC_EXIT_OK;
}

static int has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The flag a word names ("--login", "--login=x", "-l", "-lx"), or NULL. */
static const kc_flag_def *option_of(const char *word)
{
    size_t count;
    const kc_flag_def *flags = kc_cli_flags(&count);
    if (has_prefix(word, "--")) {
        size_t n = strcspn(word + 2, "=");
        for (size_t i = 0; i < count; i++)
            if (strlen(flags[i].name) == n && strncmp(flags[i].name, word + 2, n) == 0)
                return &flags[i];
    } else if (word[0] == '-' && word[1]) {
        for (size_t i = 0; i < count; i++)
            if (flags[i].shorthand && flags[i].shorthand == word[1])
                return &flags[i];
    }
    return NULL;
}

/* A flag that takes the next word as its value when given as "--name" or "-x". */
static int takes_next_word(const kc_flag_def *f, const char *word)
{
    return f && f->kind != KC_FLAG_BOOL && f->kind != KC_FLAG_BACKUP && !strchr(word, '=') &&
           (word[1] == '-' || !word[2]);
}

static void print_matching(FILE *out, const char *prefix, const char *cur, const char *const *values)
{
    for (; *values; values++)
        if (has_prefix(*values, cur))
            fprintf(out, "%s%s\n", prefix, *values);
}

/* Add the names of path's contexts to names; 0 when it cannot be read or parsed. */
static int kc_context_names(const char *path, kc_names *names)
{
    static const char *const contexts_only[] = {"contexts", NULL};
    kc_file file = {0};
    kc_document doc;
    kc_error err = {0};
    /* never "-": standard input is the terminal the user is typing in */
    int ok = strcmp(path, "-") != 0 && kc_file_read(&file, path, NULL, 0, &err);
    kc_document_init(&doc, file.data, ok ? file.len : 0);
    doc.keep_keys = contexts_only;
    ok = ok && kc_parse(&doc, &err);
    int contexts = ok ? kc_map_get(&doc, doc.root, "contexts", NULL) : KC_NONE;
    if (contexts != KC_NONE && doc.nodes[contexts].type == KC_SEQUENCE)
        for (int item = doc.nodes[contexts].first_child; item != KC_NONE; item = doc.nodes[item].next) {
            const char *name = kc_string(&doc, kc_map_get(&doc, item, "name", NULL));
            if (*name && !kc_names_find(names, name))
                kc_names_add(names, name, NULL);
        }
    kc_document_free(&doc);
    kc_file_free(&file);
    return ok;
}

/* The context names of the files the command line names (FILE arguments,
 * else --kubeconfig, else $KUBECONFIG, else ~/.kube/config). */
static void print_contexts(FILE *out, const char *prefix, const char *cur, char **words, int count)
{
    const char **files = kc_xcalloc((size_t)count + 1, sizeof *files);
    size_t nfiles = 0;
    const char *kubeconfig = NULL;
    char *list = NULL, *home_config = NULL;
    for (int i = 0; i < count; i++) {
        const kc_flag_def *o = option_of(words[i]);
        if (takes_next_word(o, words[i])) {
            if (i + 1 < count && strcmp(o->name, "kubeconfig") == 0)
                kubeconfig = words[i + 1];
            i++;
        } else if (o && strcmp(o->name, "kubeconfig") == 0 && strchr(words[i], '=')) {
            kubeconfig = strchr(words[i], '=') + 1;
        } else if (!o && words[i][0] != '-' && strcmp(words[i], "convert-kubeconfig") != 0) {
            files[nfiles++] = words[i];
        }
    }
    const char *env = getenv("KUBECONFIG");
    if (!nfiles && kubeconfig && *kubeconfig) {
        files[nfiles++] = kubeconfig;
    } else if (!nfiles && env && *env) {
        list = kc_xstrdup(env);
        files = kc_xrealloc(files, (strlen(list) + 1) * sizeof *files);
        for (char *p = strtok(list, ":"); p; p = strtok(NULL, ":"))
            files[nfiles++] = p;
    } else if (!nfiles && getenv("HOME") && asprintf(&home_config, "%s/.kube/config", getenv("HOME")) >= 0) {
        files[nfiles++] = home_config;
    }
    kc_names names = {0}; /* one set: a context in two files is offered once */
    for (size_t i = 0; i < nfiles; i++)
        kc_context_names(files[i], &names);
    for (size_t k = 0; k < names.count; k++)
        if (has_prefix(names.names[k], cur) && !strpbrk(names.names[k], "\n\r"))
            fprintf(out, "%s%s\n", prefix, names.names[k]);
    kc_names_free(&names);
    free(home_config);
    free(list);
    free(files);
}

/* Candidates for the value of option o, the word being typed being cur. */
static void print_values(FILE *out, const kc_flag_def *o, const char *prefix, const char *cur,
                         char **words, int count)
{
    static const char *const formats[] = {"exec", "azure", NULL};
    static const char *const reports[] = {"json", NULL};
    static const char *const providers[] = {"azure", "gcp", "azure,gcp", "all", NULL};
    static const char *const bools[] = {"true", "false", NULL};
    if (strcmp(o->name, "login") == 0)
        print_matching(out, prefix, cur, kc_login_methods());
    else if (strcmp(o->name, "format") == 0)
        print_matching(out, prefix, cur, formats);
    else if (strcmp(o->name, "provider") == 0)
        print_matching(out, prefix, cur, providers);
    else if (strcmp(o->name, "report") == 0)
        print_matching(out, prefix, cur, reports);
    else if (strcmp(o->name, "context") == 0)
        print_contexts(out, prefix, cur, words, count);
    else if (o->kind == KC_FLAG_BOOL)
        print_matching(out, prefix, cur, bools);
}

int kc_complete(int count, char **words, FILE *out)
{
    static const char *const shells[] = {"bash", "zsh", "fish", NULL};
    static const char *const commands[] = {"convert-kubeconfig", "completion", NULL};
    const char *cur = count > 0 ? words[count - 1] : "";
    const char *prev = count > 1 ? words[count - 2] : NULL;
    if (count == 2 && strcmp(words[0], "completion") == 0) {
        print_matching(out, "", cur, shells);
        return KC_EXIT_OK;
    }
    /* bash splits "--login=dev" into "--login", "=", "dev". */
    if (prev && strcmp(prev, "=") == 0 && count > 2) {
        const kc_flag_def *o = option_of(words[count - 3]);
        if (o)
            print_values(out, o, "", cur, words, count - 1);
        return KC_EXIT_OK;
    }
    const kc_flag_def *p = prev ? option_of(prev) : NULL;
    if (takes_next_word(p, prev)) {
        print_values(out, p, "", cur, words, count - 1);
        return KC_EXIT_OK;
    }
    if (has_prefix(cur, "--") && strchr(cur, '=')) {
        const kc_flag_def *o = option_of(cur);
        const char *eq = strchr(cur, '=');
        if (o) {
            char prefix[128];
            snprintf(prefix, sizeof prefix, "%.*s", (int)(eq - cur + 1), cur);
            print_values(out, o, prefix, eq + 1, words, count - 1);
        }
        return KC_EXIT_OK;
    }
    if (cur[0] == '-') {
        size_t n;
        const kc_flag_def *flags = kc_cli_flags(&n);
        for (size_t i = 0; i < n; i++) {
            char word[128];
            snprintf(word, sizeof word, "--%s", flags[i].name);
            if (flags[i].help && has_prefix(word, cur))
                fprintf(out, "%s\n", word);
        }
        return KC_EXIT_OK;
    }
    if (count == 1)
        print_matching(out, "", cur, commands);
    return KC_EXIT_OK; /* a FILE: the shell completes file names */
}
