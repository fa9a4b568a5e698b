/* Command line: kubelogin convert-kubeconfig's flags, same names and forms.
 * Our own small pflag (github.com/spf13/pflag, which kubelogin's cobra uses):
 * getopt_long differs in -l=spn, in --bool false, and under POSIXLY_CORRECT. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_cli.h"
#include "options.h"

static const char usage_text[] =
    "Usage: kubeconvert [convert-kubeconfig] [OPTIONS] [FILE...]\n"
    "\n"
    "Convert kubeconfig users of the removed azure auth-provider (and old kubelogin\n"
    "exec entries) into kubelogin exec entries, in place, changing only their bytes.\n"
    "Files: each FILE, else --kubeconfig, else $KUBECONFIG, else ~/.kube/config.\n"
    "\n"
    "  -l, --login METHOD        devicecode (default), interactive, spn, ropc, msi,\n"
    "                            azurecli, azd, workloadidentity, azurepipelines\n"
    "      --server-id ID        AAD server application ID\n"
    "      --client-id ID        AAD client application ID\n"
    "  -t, --tenant-id ID        AAD tenant ID\n"
    "  -e, --environment NAME    Azure environment name\n"
    "      --client-secret S     --client-certificate PATH  --client-certificate-password P\n"
    "      --username U          --password P               (ropc)\n"
    "      --identity-resource-id ID                        (msi)\n"
    "      --authority-host URL  --federated-token-file PATH (workloadidentity)\n"
    "      --legacy              --cache-dir DIR (alias --token-cache-dir)\n"
    "      --pop-enabled         --pop-claims CLAIMS\n"
    "      --redirect-url URL    --login-hint HINT           (interactive)\n"
    "      --disable-environment-override  --use-azurerm-env-vars (ARM_* variables)\n"
    "      --azure-pipelines-service-connection-id ID       (azurepipelines)\n"
    "  -s, --subscription ID     --azure-config-dir DIR      (azurecli)\n"
    "      --timeout DURATION    --disable-instance-discovery   -v, --v LEVEL\n"
    "      --logtostderr         (accepted as kubelogin does; they change nothing)\n"
    "      --context NAME        convert only the user this context names (\"\": all)\n"
    "      --format exec|azure   target format (azure: back to the legacy provider)\n"
    "      --kubeconfig PATH     the file to convert when no FILE is given\n"
    "  -o, --output PATH         write the result to PATH (one input; - = stdout)\n"
    "      --user-regex RE       convert only users whose name matches RE (PCRE2)\n"
    "      --context-regex RE    convert only users named by contexts matching RE\n"
    "      --check               change nothing; list files that would change, exit 1 if any\n"
    "      --dry-run             change nothing; print a unified diff (secrets as ***)\n"
    "      --report=json         one JSON document on stdout: per file and user, what happened\n"
    "      --backup[=SUFFIX]     keep the original as FILE.bak (or FILE+SUFFIX)\n"
    "  -q, --quiet               no per-file report on stderr\n"
    "  -h, --help                this help\n"
    "      --version             print the version\n"
    "\n"
    "The environment is read as kubelogin reads it, over the flags: AAD_LOGIN_METHOD\n"
    "beats -l; AZURE_CLIENT_ID, AZURE_TENANT_ID, ... replace the values of the flags\n"
    "given (not with --disable-environment-override). See ENVIRONMENT in the manual.\n"
    "Exit status: 0 done, 1 --check found files to change, 2 bad usage, 3 an input\n"
    "could not be read, parsed, converted or written (nothing is written then).\n"
    "See kubeconvert(1).\n";


/* How a flag takes its value (pflag's Value types and NoOptDefVal). */
typedef enum flag_kind {
    K_STRING,      /* a kc_flag of kc_options: needs a value */
    K_BOOL,        /* int value (+ int set): --x means true, --x=false */
    K_DURATION,    /* a kc_flag holding a Go duration */
    K_LEVEL,       /* klog's -v: a 32-bit integer */
    K_PATH,        /* a const char * of kc_cli: needs a value */
    K_FORMAT, K_REPORT, K_BACKUP
} flag_kind;

#define NO_SET ((size_t)-1)
#define OPT(m) offsetof(kc_cli, opts.m)
#define CLI(m) offsetof(kc_cli, m)

typedef struct flag_def {
    const char *name;
    char shorthand;
    flag_kind kind;
    size_t at, set_at;     /* where in kc_cli the value (and the given-bit) go */
} flag_def;

static const flag_def flag_defs[] = {
    /* kubelogin: pkg/internal/token/options.go AddFlags */
    {"login", 'l', K_STRING, OPT(login), NO_SET},
    {"client-id", 0, K_STRING, OPT(client_id), NO_SET},
    {"client-secret", 0, K_STRING, OPT(client_secret), NO_SET},
    {"client-certificate", 0, K_STRING, OPT(client_certificate), NO_SET},
    {"client-certificate-password", 0, K_STRING, OPT(client_certificate_password), NO_SET},
    {"username", 0, K_STRING, OPT(username), NO_SET},
    {"password", 0, K_STRING, OPT(password), NO_SET},
    {"identity-resource-id", 0, K_STRING, OPT(identity_resource_id), NO_SET},
    {"server-id", 0, K_STRING, OPT(server_id), NO_SET},
    {"federated-token-file", 0, K_STRING, OPT(federated_token_file), NO_SET},
    {"authority-host", 0, K_STRING, OPT(authority_host), NO_SET},
    {"azure-pipelines-service-connection-id", 0, K_STRING, OPT(pipelines_connection_id), NO_SET},
    {"token-cache-dir", 0, K_STRING, OPT(cache_dir), NO_SET}, /* deprecated alias */
    {"cache-dir", 0, K_STRING, OPT(cache_dir), NO_SET},
    {"tenant-id", 't', K_STRING, OPT(tenant_id), NO_SET},
    {"subscription", 's', K_STRING, OPT(subscription), NO_SET},
    {"environment", 'e', K_STRING, OPT(environment), NO_SET},
    {"legacy", 0, K_BOOL, OPT(legacy), OPT(legacy_set)},
    {"use-azurerm-env-vars", 0, K_BOOL, OPT(use_azurerm_env), OPT(use_azurerm_env_set)},
    {"pop-enabled", 0, K_BOOL, OPT(pop_enabled), OPT(pop_enabled_set)},
    {"timeout", 0, K_DURATION, OPT(timeout), NO_SET},
    {"pop-claims", 0, K_STRING, OPT(pop_claims), NO_SET},
    {"disable-environment-override", 0, K_BOOL, OPT(disable_env_override), OPT(disable_env_override_set)},
    {"disable-instance-discovery", 0, K_BOOL, OPT(disable_instance_discovery),
     OPT(disable_instance_discovery_set)},
    {"redirect-url", 0, K_STRING, OPT(redirect_url), NO_SET},
    {"login-hint", 0, K_STRING, OPT(login_hint), NO_SET},
    /* kubelogin: pkg/internal/converter/options.go AddFlags (and ConfigFlags' --kubeconfig) */
    {"kubeconfig", 0, K_PATH, CLI(kubeconfig), NO_SET},
    {"context", 0, K_STRING, OPT(context), NO_SET},
    {"azure-config-dir", 0, K_STRING, OPT(azure_config_dir), NO_SET},
    /* kubelogin: main.go, klog's flags */
    {"v", 'v', K_LEVEL, CLI(verbosity), NO_SET},
    {"logtostderr", 0, K_BOOL, CLI(logtostderr), CLI(logtostderr_set)},
    /* cobra's, then kubeconvert's own */
    {"help", 'h', K_BOOL, CLI(help), NO_SET},
    {"version", 0, K_BOOL, CLI(version), NO_SET},
    {"format", 0, K_FORMAT, 0, NO_SET},
    {"output", 'o', K_PATH, CLI(output), NO_SET},
    {"check", 0, K_BOOL, CLI(check), NO_SET},
    {"dry-run", 0, K_BOOL, CLI(dry_run), NO_SET},
    {"report", 0, K_REPORT, 0, NO_SET},
    {"backup", 0, K_BACKUP, 0, NO_SET},
    {"user-regex", 0, K_PATH, CLI(user_regex), NO_SET},
    {"context-regex", 0, K_PATH, CLI(context_regex), NO_SET},
    {"quiet", 'q', K_BOOL, CLI(quiet), NO_SET},
};

#define FLAG_COUNT (sizeof flag_defs / sizeof *flag_defs)

static int usage_error(const char *fmt, const char *what)
{
    fputs("kubeconvert: error: ", stderr);
    fprintf(stderr, fmt, what);
    fputs(" (see kubeconvert --help)\n", stderr);
    return KC_EXIT_USAGE;
}

/* pflag's "invalid argument" message: flag named "-l, --login" or "--legacy". */
static int invalid_argument(const flag_def *f, const char *value, const char *why)
{
    if (f->shorthand)
        fprintf(stderr, "kubeconvert: error: invalid argument \"%s\" for \"-%c, --%s\" flag: %s "
                        "(see kubeconvert --help)\n", value, f->shorthand, f->name, why);
    else
        fprintf(stderr, "kubeconvert: error: invalid argument \"%s\" for \"--%s\" flag: %s "
                        "(see kubeconvert --help)\n", value, f->name, why);
    return 0;
}

/* Go's strconv.ParseBool. */
static int parse_bool(const char *s, int *value)
{
    static const char *const yes[] = {"1", "t", "T", "true", "TRUE", "True", NULL};
    static const char *const no[] = {"0", "f", "F", "false", "FALSE", "False", NULL};
    for (int i = 0; yes[i]; i++)
        if (strcmp(s, yes[i]) == 0)
            return *value = 1;
    for (int i = 0; no[i]; i++)
        if (strcmp(s, no[i]) == 0)
            return (*value = 0) == 0;
    return 0;
}

/* Go's strconv.ParseInt(s, 10, 32), for klog's -v. */
static int parse_level(const char *s, int *value)
{
    const char *digits = *s == '-' || *s == '+' ? s + 1 : s;
    if (!*digits || strspn(digits, "0123456789") != strlen(digits))
        return 0;
    errno = 0;
    long long v = strtoll(s, NULL, 10);
    if (errno || v < -2147483648LL || v > 2147483647LL)
        return 0;
    *value = (int)v;
    return 1;
}

/* Flags whose value may be left out (pflag's NoOptDefVal). */
static int optional_value(const flag_def *f)
{
    return f->kind == K_BOOL || f->kind == K_BACKUP;
}

/* Store one flag's value; 0 after printing why it is refused. */
static int set_value(kc_cli *cli, const flag_def *f, const char *value)
{
    char *base = (char *)cli;
    char why[160];
    int64_t ns;
    switch (f->kind) {
    case K_STRING:
    case K_DURATION: {
        if (f->kind == K_DURATION && !kc_parse_duration(value, &ns, why, sizeof why))
            return invalid_argument(f, value, why);
        kc_flag *flag = (kc_flag *)(base + f->at);
        flag->value = value;
        flag->set = 1;
        return 1;
    }
    case K_BOOL:
        if (!parse_bool(value, (int *)(base + f->at))) {
            snprintf(why, sizeof why, "strconv.ParseBool: parsing \"%.60s\": invalid syntax", value);
            return invalid_argument(f, value, why);
        }
        if (f->set_at != NO_SET)
            *(int *)(base + f->set_at) = 1;
        return 1;
    case K_LEVEL:
        if (!parse_level(value, (int *)(base + f->at))) {
            snprintf(why, sizeof why, "strconv.ParseInt: parsing \"%.60s\": invalid syntax", value);
            return invalid_argument(f, value, why);
        }
        return 1;
    case K_PATH:
        *(const char **)(base + f->at) = value;
        return 1;
    case K_FORMAT:
        if (strcmp(value, "exec") == 0)
            cli->opts.format = KC_FORMAT_EXEC;
        else if (strcmp(value, "azure") == 0)
            cli->opts.format = KC_FORMAT_AZURE;
        else
            return usage_error("unknown --format \"%s\": use exec or azure", value) && 0;
        return 1;
    case K_REPORT:
        if (strcmp(value, "json") != 0)
            return usage_error("unknown --report \"%s\": the one report is json", value) && 0;
        cli->report_json = 1;
        return 1;
    case K_BACKUP:
        if (!*value)
            return usage_error("%s", "--backup= needs a suffix") && 0;
        cli->backup = value;
        return 1;
    }
    return 0;
}

static const flag_def *find_long(const char *name, size_t len)
{
    for (size_t i = 0; i < FLAG_COUNT; i++)
        if (strlen(flag_defs[i].name) == len && strncmp(flag_defs[i].name, name, len) == 0)
            return &flag_defs[i];
    return NULL;
}

static const flag_def *find_short(char c)
{
    for (size_t i = 0; i < FLAG_COUNT; i++)
        if (flag_defs[i].shorthand == c)
            return &flag_defs[i];
    return NULL;
}

static const char *default_value(const flag_def *f)
{
    return f->kind == K_BACKUP ? ".bak" : "true";
}

/* One "--name[=value]" at argv[*i]; may take argv[*i + 1]. pflag's parseLongArg. */
static int parse_long(kc_cli *cli, int argc, char **argv, int *i)
{
    const char *s = argv[*i], *name = s + 2;
    if (!*name || *name == '-' || *name == '=')
        return usage_error("bad flag syntax: %s", s) && 0;
    const char *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    const flag_def *f = find_long(name, len);
    if (!f) {
        fprintf(stderr, "kubeconvert: error: unknown flag: --%.*s (see kubeconvert --help)\n", (int)len, name);
        return 0;
    }
    if (eq)
        return set_value(cli, f, eq + 1);
    if (optional_value(f))
        return set_value(cli, f, default_value(f));
    if (*i + 1 < argc)
        return set_value(cli, f, argv[++*i]);
    return usage_error("flag needs an argument: %s", s) && 0;
}

/* One "-abc" group at argv[*i]: -q -h bundled, -lspn, -l=spn, -l spn. pflag's parseShortArg. */
static int parse_short(kc_cli *cli, int argc, char **argv, int *i)
{
    const char *group = argv[*i] + 1;
    for (const char *c = group; *c;) {
        const flag_def *f = find_short(*c);
        if (!f) {
            fprintf(stderr, "kubeconvert: error: unknown shorthand flag: '%c' in -%s (see kubeconvert --help)\n",
                    *c, group);
            return 0;
        }
        if (c[1] == '=' && c[2])
            return set_value(cli, f, c + 2);
        if (optional_value(f)) {
            if (!set_value(cli, f, default_value(f)))
                return 0;
            c++;
            continue;
        }
        if (c[1])
            return set_value(cli, f, c + 1);
        if (*i + 1 < argc)
            return set_value(cli, f, argv[++*i]);
        fprintf(stderr, "kubeconvert: error: flag needs an argument: '%c' in -%s (see kubeconvert --help)\n",
                *c, group);
        return 0;
    }
    return 1;
}

/* What kubeconvert refuses beyond pflag: combinations that cannot work. */
static int check_combinations(kc_cli *cli)
{
    if (cli->output && !*cli->output)
        return usage_error("%s", "-o/--output needs a file name (- for standard output)");
    if (cli->output && cli->file_count > 1)
        return usage_error("%s takes one input file", "-o/--output");
    if (cli->check + cli->dry_run > 1)
        return usage_error("%s", "--check and --dry-run do not go together");
    if (cli->output && (cli->check || cli->dry_run))
        return usage_error("%s writes nothing, so -o/--output has no place here",
                           cli->check ? "--check" : "--dry-run");
    /* --report=json owns standard output. */
    int stdout_taken = cli->dry_run || (cli->output && strcmp(cli->output, "-") == 0);
    for (size_t i = 0; i < cli->file_count; i++)
        stdout_taken |= strcmp(cli->files[i], "-") == 0 && !cli->output && !cli->check;
    if (cli->report_json && stdout_taken)
        return usage_error("%s", "--report=json writes standard output, and so would this run");
    return -1;
}

int kc_cli_parse(int argc, char **argv, kc_cli *cli)
{
    memset(cli, 0, sizeof *cli);
    cli->files = calloc((size_t)argc + 1, sizeof *cli->files);
    if (!cli->files)
        return usage_error("%s", "out of memory");
    int only_files = 0, positional = 0;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (only_files || s[0] != '-' || s[1] == '\0') {
            /* kubelogin's subcommand word, so its scripts work unchanged */
            if (positional++ == 0 && strcmp(s, "convert-kubeconfig") == 0)
                continue;
            cli->files[cli->file_count++] = s;
        } else if (strcmp(s, "--") == 0) {
            only_files = 1;
        } else if (!(s[1] == '-' ? parse_long(cli, argc, argv, &i) : parse_short(cli, argc, argv, &i))) {
            return KC_EXIT_USAGE;
        }
    }
    if (cli->help) {
        fputs(usage_text, stdout);
        return KC_EXIT_OK;
    }
    if (cli->version) {
        printf("kubeconvert %s\n", KC_VERSION);
        return KC_EXIT_OK;
    }
    /* Empty means not given, as kubectl reads --kubeconfig "" and kubelogin
     * reads --context "" (o.context != ""). */
    if (cli->kubeconfig && !*cli->kubeconfig)
        cli->kubeconfig = NULL;
    if (cli->opts.context.set && !*cli->opts.context.value)
        cli->opts.context.set = 0;
    int status = check_combinations(cli);
    if (status >= 0)
        return status;

    /* kubelogin's order: flags, then UpdateFromEnv, then Validate. */
    char message[512];
    kc_options_update_from_env(&cli->opts);
    if (!kc_options_validate(&cli->opts, message, sizeof message)) {
        fprintf(stderr, "kubeconvert: error: %s\n", message);
        return KC_EXIT_USAGE;
    }
    return -1;
}

void kc_cli_free(kc_cli *cli)
{
    free(cli->files);
    cli->files = NULL;
}
