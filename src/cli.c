/* Command line: kubelogin convert-kubeconfig's flags, same names and forms.
 * Our own small pflag (github.com/spf13/pflag, which kubelogin's cobra uses):
 * getopt_long differs in -l=spn, in --bool false, and under POSIXLY_CORRECT. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The version lives in the file VERSION; the Makefile passes it in. */
#ifndef KC_VERSION
#error "build with the Makefile: KC_VERSION comes from the file VERSION"
#endif

#include "cli.h"
#include "memory.h"
#include "options.h"

#define NO_SET ((size_t)-1)
#define OPT(m) offsetof(kc_cli, opts.m)
#define CLI(m) offsetof(kc_cli, m)

/* Every flag, in the order --help lists them; a NULL help hides one (a
 * deprecated alias, a flag accepted only for kubelogin's scripts). */
static const kc_flag_def flag_defs[] = {
    /* kubelogin: pkg/internal/token/options.go AddFlags */
    {"login", 'l', KC_FLAG_STRING, OPT(login), NO_SET, "METHOD", "login method (see below)"},
    {"server-id", 0, KC_FLAG_STRING, OPT(server_id), NO_SET, "ID", "AAD server application ID"},
    {"client-id", 0, KC_FLAG_STRING, OPT(client_id), NO_SET, "ID", "AAD client application ID"},
    {"tenant-id", 't', KC_FLAG_STRING, OPT(tenant_id), NO_SET, "ID", "AAD tenant ID"},
    {"environment", 'e', KC_FLAG_STRING, OPT(environment), NO_SET, "NAME",
     "Azure environment name (AzurePublicCloud, ...)"},
    {"client-secret", 0, KC_FLAG_STRING, OPT(client_secret), NO_SET, "SECRET",
     "spn: client secret (written into the file)"},
    {"client-certificate", 0, KC_FLAG_STRING, OPT(client_certificate), NO_SET, "PATH",
     "spn: client certificate file"},
    {"client-certificate-password", 0, KC_FLAG_STRING, OPT(client_certificate_password), NO_SET,
     "PASSWORD", "spn: password of the client certificate"},
    {"username", 0, KC_FLAG_STRING, OPT(username), NO_SET, "NAME", "ropc: user name"},
    {"password", 0, KC_FLAG_STRING, OPT(password), NO_SET, "PASSWORD", "ropc: password"},
    {"identity-resource-id", 0, KC_FLAG_STRING, OPT(identity_resource_id), NO_SET, "ID",
     "msi: managed identity resource ID"},
    {"federated-token-file", 0, KC_FLAG_STRING, OPT(federated_token_file), NO_SET, "PATH",
     "workloadidentity: federated token file"},
    {"authority-host", 0, KC_FLAG_STRING, OPT(authority_host), NO_SET, "URL",
     "workloadidentity: AAD authority host"},
    {"azure-pipelines-service-connection-id", 0, KC_FLAG_STRING, OPT(pipelines_connection_id),
     NO_SET, "ID", "azurepipelines: service connection ID"},
    {"cache-dir", 0, KC_FLAG_STRING, OPT(cache_dir), NO_SET, "DIR", "kubelogin's token cache directory"},
    {"token-cache-dir", 0, KC_FLAG_STRING, OPT(cache_dir), NO_SET, "DIR", NULL}, /* deprecated alias */
    {"legacy", 0, KC_FLAG_BOOL, OPT(legacy), OPT(legacy_set), NULL,
     "legacy mode: the token audience of the old azure provider"},
    {"pop-enabled", 0, KC_FLAG_BOOL, OPT(pop_enabled), OPT(pop_enabled_set), NULL,
     "proof-of-possession tokens (needs --pop-claims)"},
    {"pop-claims", 0, KC_FLAG_STRING, OPT(pop_claims), NO_SET, "CLAIMS",
     "proof-of-possession claims, e.g. u=ARM_ID"},
    {"redirect-url", 0, KC_FLAG_STRING, OPT(redirect_url), NO_SET, "URL", "interactive: redirect URL"},
    {"login-hint", 0, KC_FLAG_STRING, OPT(login_hint), NO_SET, "HINT", "interactive: login hint"},
    {"disable-environment-override", 0, KC_FLAG_BOOL, OPT(disable_env_override),
     OPT(disable_env_override_set), NULL, "ignore the AZURE_*/AAD_* variables"},
    {"use-azurerm-env-vars", 0, KC_FLAG_BOOL, OPT(use_azurerm_env), OPT(use_azurerm_env_set), NULL,
     "read the ARM_* variables instead of AZURE_*"},
    {"disable-instance-discovery", 0, KC_FLAG_BOOL, OPT(disable_instance_discovery),
     OPT(disable_instance_discovery_set), NULL, "accepted as kubelogin does; changes nothing here"},
    {"timeout", 0, KC_FLAG_DURATION, OPT(timeout), NO_SET, "DURATION",
     "accepted as kubelogin does (a Go duration); changes nothing here"},
    /* kubelogin: pkg/internal/converter/options.go AddFlags (and ConfigFlags' --kubeconfig) */
    {"subscription", 's', KC_FLAG_STRING, OPT(subscription), NO_SET, "ID", "azurecli: subscription ID"},
    {"azure-config-dir", 0, KC_FLAG_STRING, OPT(azure_config_dir), NO_SET, "DIR",
     "azurecli: Azure CLI config directory"},
    {"context", 0, KC_FLAG_STRING, OPT(context), NO_SET, "NAME",
     "convert only the user this context names (\"\": all)"},
    {"kubeconfig", 0, KC_FLAG_PATH, CLI(kubeconfig), NO_SET, "PATH",
     "the file to convert when no FILE is given"},
    /* kubeconvert's own */
    {"format", 0, KC_FLAG_FORMAT, 0, NO_SET, "FORMAT",
     "exec (default), or azure: back to the legacy provider"},
    {"provider", 0, KC_FLAG_PROVIDER, 0, NO_SET, "LIST",
     "azure (default), gcp, or both (azure,gcp or all): which removed providers"},
    {"output", 'o', KC_FLAG_PATH, CLI(output), NO_SET, "PATH",
     "write the result to PATH (one input; - for standard output)"},
    {"user-regex", 0, KC_FLAG_PATH, CLI(user_regex), NO_SET, "RE",
     "convert only users whose name matches RE (PCRE2)"},
    {"context-regex", 0, KC_FLAG_PATH, CLI(context_regex), NO_SET, "RE",
     "convert only users named by contexts matching RE"},
    {"check", 0, KC_FLAG_BOOL, CLI(check), NO_SET, NULL,
     "change nothing; list the files that would change, exit 1 if any"},
    {"dry-run", 0, KC_FLAG_BOOL, CLI(dry_run), NO_SET, NULL,
     "change nothing; print a unified diff (secrets as ***)"},
    {"report", 0, KC_FLAG_REPORT, 0, NO_SET, "json",
     "per file and user, what happened: JSON on standard output"},
    {"backup", 0, KC_FLAG_BACKUP, 0, NO_SET, "[=SUFFIX]",
     "keep the original as FILE.bak (or FILE+SUFFIX)"},
    {"quiet", 'q', KC_FLAG_BOOL, CLI(quiet), NO_SET, NULL, "print errors only"},
    {"verbose", 0, KC_FLAG_BOOL, CLI(verbose), NO_SET, NULL, "also say what happened to each user"},
    /* kubelogin: main.go, klog's flags */
    {"v", 'v', KC_FLAG_LEVEL, CLI(verbosity), NO_SET, "LEVEL",
     "log level, as klog: 1 or more is --verbose"},
    {"logtostderr", 0, KC_FLAG_BOOL, CLI(logtostderr), CLI(logtostderr_set), NULL, NULL},
    /* cobra's */
    {"help", 'h', KC_FLAG_BOOL, CLI(help), NO_SET, NULL, "this help"},
    {"version", 0, KC_FLAG_BOOL, CLI(version), NO_SET, NULL, "print the version"},
};

#define FLAG_COUNT (sizeof flag_defs / sizeof *flag_defs)

const kc_flag_def *kc_cli_flags(size_t *count)
{
    *count = FLAG_COUNT;
    return flag_defs;
}

/* --help: one flag a line, from the table, so no flag goes undescribed. */
static void print_help(FILE *out)
{
    fputs("Usage: kubeconvert [convert-kubeconfig] [OPTIONS] [FILE...]\n"
          "       kubeconvert completion bash|zsh|fish\n"
          "\n"
          "Convert kubeconfig users of the removed azure auth-provider (and old kubelogin\n"
          "exec entries) into kubelogin exec entries, in place, changing only their bytes.\n"
          "Files: each FILE, else --kubeconfig, else $KUBECONFIG, else ~/.kube/config.\n"
          "\n"
          "Options:\n", out);
    for (size_t i = 0; i < FLAG_COUNT; i++) {
        const kc_flag_def *f = &flag_defs[i];
        char left[64];
        if (!f->help)
            continue;
        snprintf(left, sizeof left, "--%s%s%s", f->name,
                 f->arg && f->arg[0] != '[' ? " " : "", f->arg ? f->arg : "");
        if (f->shorthand)
            fprintf(out, "  -%c, %-26s  %s\n", f->shorthand, left, f->help);
        else
            fprintf(out, "      %-26s  %s\n", left, f->help);
    }
    fputs("\nLogin methods: devicecode (default), interactive, spn, ropc, msi, azurecli, azd,\n"
          "workloadidentity, azurepipelines.\n", out);
    fputs("\n"
          "The environment is read as kubelogin reads it, over the flags: AAD_LOGIN_METHOD\n"
          "beats -l; AZURE_CLIENT_ID, AZURE_TENANT_ID, ... replace the values of the flags\n"
          "given (not with --disable-environment-override). See ENVIRONMENT in the manual,\n"
          "and EXIT STATUS there: man kubeconvert.\n", out);
}

static int usage_error(const char *fmt, const char *what)
{
    fputs("kubeconvert: error: ", stderr);
    fprintf(stderr, fmt, what);
    fputs(" (see kubeconvert --help)\n", stderr);
    return KC_EXIT_USAGE;
}

/* pflag's "invalid argument" message: flag named "-l, --login" or "--legacy". */
static int invalid_argument(const kc_flag_def *f, const char *value, const char *why)
{
    if (f->shorthand)
        fprintf(stderr, "kubeconvert: error: invalid argument \"%s\" for \"-%c, --%s\" flag: %s "
                        "(see kubeconvert --help)\n", value, f->shorthand, f->name, why);
    else
        fprintf(stderr, "kubeconvert: error: invalid argument \"%s\" for \"--%s\" flag: %s "
                        "(see kubeconvert --help)\n", value, f->name, why);
    return 0;
}

/* --provider LIST: names separated by commas; the last --provider wins. */
static int parse_providers(const char *value, unsigned *providers)
{
    unsigned bits = 0;
    for (const char *p = value;; p++) {
        size_t n = strcspn(p, ",");
        if (n == 5 && strncmp(p, "azure", 5) == 0)
            bits |= KC_PROVIDER_AZURE;
        else if (n == 3 && strncmp(p, "gcp", 3) == 0)
            bits |= KC_PROVIDER_GCP;
        else if (n == 3 && strncmp(p, "all", 3) == 0)
            bits |= KC_PROVIDER_AZURE | KC_PROVIDER_GCP;
        else
            return usage_error("unknown --provider \"%s\": use azure, gcp, azure,gcp or all", value) && 0;
        p += n;
        if (!*p)
            break;
    }
    *providers = bits;
    return 1;
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
static int optional_value(const kc_flag_def *f)
{
    return f->kind == KC_FLAG_BOOL || f->kind == KC_FLAG_BACKUP;
}

/* Store one flag's value; 0 after printing why it is refused. */
static int set_value(kc_cli *cli, const kc_flag_def *f, const char *value)
{
    char *base = (char *)cli;
    char why[160];
    int64_t ns;
    switch (f->kind) {
    case KC_FLAG_STRING:
    case KC_FLAG_DURATION: {
        if (f->kind == KC_FLAG_DURATION && !kc_parse_duration(value, &ns, why, sizeof why))
            return invalid_argument(f, value, why);
        kc_flag *flag = (kc_flag *)(base + f->at);
        flag->value = value;
        flag->set = 1;
        return 1;
    }
    case KC_FLAG_BOOL:
        if (!parse_bool(value, (int *)(base + f->at))) {
            snprintf(why, sizeof why, "strconv.ParseBool: parsing \"%.60s\": invalid syntax", value);
            return invalid_argument(f, value, why);
        }
        if (f->set_at != NO_SET)
            *(int *)(base + f->set_at) = 1;
        return 1;
    case KC_FLAG_LEVEL:
        if (!parse_level(value, (int *)(base + f->at))) {
            snprintf(why, sizeof why, "strconv.ParseInt: parsing \"%.60s\": invalid syntax", value);
            return invalid_argument(f, value, why);
        }
        return 1;
    case KC_FLAG_PATH:
        *(const char **)(base + f->at) = value;
        return 1;
    case KC_FLAG_FORMAT:
        if (strcmp(value, "exec") == 0)
            cli->opts.format = KC_FORMAT_EXEC;
        else if (strcmp(value, "azure") == 0)
            cli->opts.format = KC_FORMAT_AZURE;
        else
            return usage_error("unknown --format \"%s\": use exec or azure", value) && 0;
        return 1;
    case KC_FLAG_PROVIDER:
        return parse_providers(value, &cli->opts.providers);
    case KC_FLAG_REPORT:
        if (strcmp(value, "json") != 0)
            return usage_error("unknown --report \"%s\": the one report is json", value) && 0;
        cli->report_json = 1;
        return 1;
    case KC_FLAG_BACKUP:
        if (!*value)
            return usage_error("%s", "--backup= needs a suffix") && 0;
        cli->backup = value;
        return 1;
    }
    return 0;
}

static const kc_flag_def *find_long(const char *name, size_t len)
{
    for (size_t i = 0; i < FLAG_COUNT; i++)
        if (strlen(flag_defs[i].name) == len && strncmp(flag_defs[i].name, name, len) == 0)
            return &flag_defs[i];
    return NULL;
}

static const kc_flag_def *find_short(char c)
{
    for (size_t i = 0; i < FLAG_COUNT; i++)
        if (flag_defs[i].shorthand == c)
            return &flag_defs[i];
    return NULL;
}

/* Edit distance (insert, delete, replace, swap of neighbours) of a and the
 * first n bytes of b, stopping early above max. */
static size_t edit_distance(const char *a, const char *b, size_t n, size_t max)
{
    size_t m = strlen(a);
    if (m > 40 || n > 40)
        return max + 1;
    size_t d[41][41];
    for (size_t i = 0; i <= m; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= n; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= m; i++)
        for (size_t j = 1; j <= n; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[m][n];
}

/* The listed flag a mistyped --name most likely meant: the nearest within
 * two edits (one for short names), or the one flag it is a prefix of. */
static const kc_flag_def *nearest_flag(const char *name, size_t len)
{
    const kc_flag_def *best = NULL, *prefix_of = NULL;
    size_t best_distance = len <= 4 ? 1 : 2, prefixes = 0;
    for (size_t i = 0; i < FLAG_COUNT; i++) {
        const kc_flag_def *f = &flag_defs[i];
        if (!f->help)
            continue;
        size_t d = edit_distance(f->name, name, len, best_distance);
        if (d <= best_distance && (!best || d < best_distance)) {
            best = f;
            best_distance = d;
        }
        if (len >= 3 && strncmp(f->name, name, len) == 0) {
            prefix_of = f;
            prefixes++;
        }
    }
    return best ? best : prefixes == 1 ? prefix_of : NULL;
}

static const char *default_value(const kc_flag_def *f)
{
    return f->kind == KC_FLAG_BACKUP ? ".bak" : "true";
}

/* One "--name[=value]" at argv[*i]; may take argv[*i + 1]. pflag's parseLongArg. */
static int parse_long(kc_cli *cli, int argc, char **argv, int *i)
{
    const char *s = argv[*i], *name = s + 2;
    if (!*name || *name == '-' || *name == '=')
        return usage_error("bad flag syntax: %s", s) && 0;
    const char *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    const kc_flag_def *f = find_long(name, len);
    if (!f) {
        const kc_flag_def *near = nearest_flag(name, len);
        if (near)
            fprintf(stderr, "kubeconvert: error: unknown flag: --%.*s; did you mean --%s? "
                            "(see kubeconvert --help)\n", (int)len, name, near->name);
        else
            fprintf(stderr, "kubeconvert: error: unknown flag: --%.*s (see kubeconvert --help)\n",
                    (int)len, name);
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
        const kc_flag_def *f = find_short(*c);
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

/* 1 when s is well-formed UTF-8 (no overlong forms, surrogates or values
 * past U+10FFFF), as a YAML file must be. */
static int valid_utf8(const unsigned char *s)
{
    while (*s) {
        unsigned c = *s;
        size_t n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 4;
        if (n == 4 || (n == 1 && c < 0xC2))
            return 0;
        unsigned cp = n ? c & (0x3F >> n) : c;
        for (size_t i = 1; i <= n; i++) {
            if ((s[i] & 0xC0) != 0x80)
                return 0;
            cp = cp << 6 | (s[i] & 0x3F);
        }
        if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return 0;
        s += n + 1;
    }
    return 1;
}

/* Values that go into the file (from a flag or the environment) must be
 * UTF-8, as the file is; the value itself is not shown (it may be a secret). */
static int check_utf8(const kc_cli *cli)
{
    for (size_t i = 0; i < FLAG_COUNT; i++) {
        const kc_flag_def *f = &flag_defs[i];
        if (f->kind != KC_FLAG_STRING)
            continue;
        const kc_flag *flag = (const kc_flag *)((const char *)cli + f->at);
        if (flag->value && !valid_utf8((const unsigned char *)flag->value)) {
            fprintf(stderr, "kubeconvert: error: the value of --%s (from the command line or the "
                            "environment) is not valid UTF-8, and a kubeconfig must be\n", f->name);
            return KC_EXIT_USAGE;
        }
    }
    return -1;
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
    if (cli->opts.format == KC_FORMAT_AZURE && (cli->opts.providers & KC_PROVIDER_GCP))
        return usage_error("%s", "--format azure goes back to the azure provider only; the gcp "
                                 "auth-provider has no way back (kubectl 1.26 has no gcp provider)");
    if (cli->report_json && stdout_taken)
        return usage_error("%s", "--report=json writes standard output, and so would this run");
    return -1;
}

int kc_cli_parse(int argc, char **argv, kc_cli *cli)
{
    memset(cli, 0, sizeof *cli);
    cli->files = kc_xcalloc((size_t)argc + 1, sizeof *cli->files);
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
        print_help(stdout);
        return KC_EXIT_OK;
    }
    if (cli->verbosity >= 1) /* klog's -v: any level of logging shows the users */
        cli->verbose = 1;
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
    return check_utf8(cli);
}

void kc_cli_free(kc_cli *cli)
{
    free(cli->files);
    cli->files = NULL;
}
