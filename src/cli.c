/* Command line: kubelogin convert-kubeconfig's flags, same names and forms. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc_cli.h"

static const char *const supported_logins[] = {
    "devicecode", "interactive", "spn", "ropc", "msi", "azurecli", "azd", "workloadidentity",
    "azurepipelines", NULL};

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
    "      --disable-environment-override                   (spn)\n"
    "      --azure-pipelines-service-connection-id ID       (azurepipelines)\n"
    "      --subscription ID     --azure-config-dir DIR      (azurecli)\n"
    "      --context NAME        convert only the user this context names\n"
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
    "AAD_LOGIN_METHOD picks the login method when -l is absent.\n"
    "Exit status: 0 done, 1 --check found files to change, 2 bad usage, 3 an input\n"
    "could not be read, parsed, converted or written (nothing is written then).\n"
    "See kubeconvert(1).\n";

enum {
    OPT_SERVER_ID = 256, OPT_CLIENT_ID, OPT_CLIENT_SECRET, OPT_CLIENT_CERT, OPT_CLIENT_CERT_PASSWORD,
    OPT_LEGACY, OPT_USERNAME, OPT_PASSWORD, OPT_IDENTITY_RESOURCE_ID, OPT_AUTHORITY_HOST,
    OPT_FEDERATED_TOKEN_FILE, OPT_CACHE_DIR, OPT_POP_ENABLED, OPT_POP_CLAIMS,
    OPT_DISABLE_ENV_OVERRIDE, OPT_REDIRECT_URL, OPT_LOGIN_HINT, OPT_PIPELINES_ID, OPT_SUBSCRIPTION,
    OPT_AZURE_CONFIG_DIR, OPT_CONTEXT, OPT_KUBECONFIG, OPT_FORMAT, OPT_VERSION, OPT_CHECK,
    OPT_DRY_RUN, OPT_REPORT, OPT_BACKUP, OPT_USER_REGEX, OPT_CONTEXT_REGEX
};

static const struct option long_options[] = {
    {"login", required_argument, NULL, 'l'},
    {"server-id", required_argument, NULL, OPT_SERVER_ID},
    {"client-id", required_argument, NULL, OPT_CLIENT_ID},
    {"tenant-id", required_argument, NULL, 't'},
    {"environment", required_argument, NULL, 'e'},
    {"client-secret", required_argument, NULL, OPT_CLIENT_SECRET},
    {"client-certificate", required_argument, NULL, OPT_CLIENT_CERT},
    {"client-certificate-password", required_argument, NULL, OPT_CLIENT_CERT_PASSWORD},
    {"legacy", optional_argument, NULL, OPT_LEGACY},
    {"username", required_argument, NULL, OPT_USERNAME},
    {"password", required_argument, NULL, OPT_PASSWORD},
    {"identity-resource-id", required_argument, NULL, OPT_IDENTITY_RESOURCE_ID},
    {"authority-host", required_argument, NULL, OPT_AUTHORITY_HOST},
    {"federated-token-file", required_argument, NULL, OPT_FEDERATED_TOKEN_FILE},
    {"cache-dir", required_argument, NULL, OPT_CACHE_DIR},
    {"token-cache-dir", required_argument, NULL, OPT_CACHE_DIR},
    {"pop-enabled", optional_argument, NULL, OPT_POP_ENABLED},
    {"pop-claims", required_argument, NULL, OPT_POP_CLAIMS},
    {"disable-environment-override", optional_argument, NULL, OPT_DISABLE_ENV_OVERRIDE},
    {"redirect-url", required_argument, NULL, OPT_REDIRECT_URL},
    {"login-hint", required_argument, NULL, OPT_LOGIN_HINT},
    {"azure-pipelines-service-connection-id", required_argument, NULL, OPT_PIPELINES_ID},
    {"subscription", required_argument, NULL, OPT_SUBSCRIPTION},
    {"azure-config-dir", required_argument, NULL, OPT_AZURE_CONFIG_DIR},
    {"context", required_argument, NULL, OPT_CONTEXT},
    {"kubeconfig", required_argument, NULL, OPT_KUBECONFIG},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"output", required_argument, NULL, 'o'},
    {"check", no_argument, NULL, OPT_CHECK},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {"report", required_argument, NULL, OPT_REPORT},
    {"backup", optional_argument, NULL, OPT_BACKUP},
    {"user-regex", required_argument, NULL, OPT_USER_REGEX},
    {"context-regex", required_argument, NULL, OPT_CONTEXT_REGEX},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0}};

static int usage_error(const char *fmt, const char *what)
{
    fputs("kubeconvert: error: ", stderr);
    fprintf(stderr, fmt, what);
    fputs(" (see kubeconvert --help)\n", stderr);
    return KC_EXIT_USAGE;
}

/* Go's strconv.ParseBool, as pflag reads --legacy=VALUE. */
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

static int set_bool(int *value, int *set, const char *arg, const char *name)
{
    *set = 1;
    *value = 1;
    if (arg && !parse_bool(arg, value))
        return usage_error("invalid boolean for --%s", name) && 0;
    return 1;
}

static void set_flag(kc_flag *f, const char *value)
{
    f->value = value;
    f->set = 1;
}

static int check_login(kc_options *o)
{
    const char *env = getenv("AAD_LOGIN_METHOD");
    o->login_method = o->login.set ? o->login.value : env ? env : "devicecode";
    for (int i = 0; supported_logins[i]; i++)
        if (strcmp(o->login_method, supported_logins[i]) == 0)
            return 1;
    fprintf(stderr, "kubeconvert: error: '%s' is not a supported login method. Supported method is one of ",
            o->login_method);
    for (int i = 0; supported_logins[i]; i++)
        fprintf(stderr, "%s%s", i ? ", " : "", supported_logins[i]);
    fputc('\n', stderr);
    return 0;
}

int kc_cli_parse(int argc, char **argv, kc_cli *cli)
{
    kc_options *o = &cli->opts;
    memset(cli, 0, sizeof *cli);
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":l:t:e:o:qh", long_options, NULL)) != -1) {
        const char *name = optind > 0 && optind <= argc ? argv[optind - 1] : "";
        switch (c) {
        case 'l': set_flag(&o->login, optarg); break;
        case OPT_SERVER_ID: set_flag(&o->server_id, optarg); break;
        case OPT_CLIENT_ID: set_flag(&o->client_id, optarg); break;
        case 't': set_flag(&o->tenant_id, optarg); break;
        case 'e': set_flag(&o->environment, optarg); break;
        case OPT_CLIENT_SECRET: set_flag(&o->client_secret, optarg); break;
        case OPT_CLIENT_CERT: set_flag(&o->client_certificate, optarg); break;
        case OPT_CLIENT_CERT_PASSWORD: set_flag(&o->client_certificate_password, optarg); break;
        case OPT_USERNAME: set_flag(&o->username, optarg); break;
        case OPT_PASSWORD: set_flag(&o->password, optarg); break;
        case OPT_IDENTITY_RESOURCE_ID: set_flag(&o->identity_resource_id, optarg); break;
        case OPT_AUTHORITY_HOST: set_flag(&o->authority_host, optarg); break;
        case OPT_FEDERATED_TOKEN_FILE: set_flag(&o->federated_token_file, optarg); break;
        case OPT_CACHE_DIR: set_flag(&o->cache_dir, optarg); break;
        case OPT_POP_CLAIMS: set_flag(&o->pop_claims, optarg); break;
        case OPT_REDIRECT_URL: set_flag(&o->redirect_url, optarg); break;
        case OPT_LOGIN_HINT: set_flag(&o->login_hint, optarg); break;
        case OPT_PIPELINES_ID: set_flag(&o->pipelines_connection_id, optarg); break;
        case OPT_SUBSCRIPTION: set_flag(&o->subscription, optarg); break;
        case OPT_AZURE_CONFIG_DIR: set_flag(&o->azure_config_dir, optarg); break;
        case OPT_CONTEXT: set_flag(&o->context, optarg); break;
        case OPT_LEGACY:
            if (!set_bool(&o->legacy, &o->legacy_set, optarg, "legacy"))
                return KC_EXIT_USAGE;
            break;
        case OPT_POP_ENABLED:
            if (!set_bool(&o->pop_enabled, &o->pop_enabled_set, optarg, "pop-enabled"))
                return KC_EXIT_USAGE;
            break;
        case OPT_DISABLE_ENV_OVERRIDE:
            if (!set_bool(&o->disable_env_override, &o->disable_env_override_set, optarg,
                          "disable-environment-override"))
                return KC_EXIT_USAGE;
            break;
        case OPT_FORMAT:
            if (strcmp(optarg, "exec") == 0)
                o->format = KC_FORMAT_EXEC;
            else if (strcmp(optarg, "azure") == 0)
                o->format = KC_FORMAT_AZURE;
            else
                return usage_error("unknown --format \"%s\": use exec or azure", optarg);
            break;
        case OPT_KUBECONFIG: cli->kubeconfig = optarg; break;
        case 'o': cli->output = optarg; break;
        case 'q': cli->quiet = 1; break;
        case OPT_CHECK: cli->check = 1; break;
        case OPT_DRY_RUN: cli->dry_run = 1; break;
        case OPT_REPORT:
            if (strcmp(optarg, "json") != 0)
                return usage_error("unknown --report \"%s\": the one report is json", optarg);
            cli->report_json = 1;
            break;
        case OPT_BACKUP:
            cli->backup = optarg ? optarg : ".bak";
            if (!*cli->backup)
                return usage_error("%s", "--backup= needs a suffix");
            break;
        case OPT_USER_REGEX: cli->user_regex = optarg; break;
        case OPT_CONTEXT_REGEX: cli->context_regex = optarg; break;
        case 'h': fputs(usage_text, stdout); return KC_EXIT_OK;
        case OPT_VERSION: printf("kubeconvert %s\n", KC_VERSION); return KC_EXIT_OK;
        case ':': return usage_error("option %s needs a value", name);
        default: return usage_error("unknown option %s", name);
        }
    }

    cli->files = calloc((size_t)argc + 1, sizeof *cli->files);
    if (!cli->files)
        return usage_error("%s", "out of memory");
    for (int i = optind; i < argc; i++) {
        /* kubelogin's subcommand word, so its scripts work unchanged */
        if (i == optind && strcmp(argv[i], "convert-kubeconfig") == 0)
            continue;
        cli->files[cli->file_count++] = argv[i];
    }
    if (cli->output && cli->file_count > 1)
        return usage_error("%s takes one input file", "-o/--output");
    if (cli->check + cli->dry_run > 1)
        return usage_error("%s", "--check and --dry-run do not go together");
    /* --report=json owns standard output. */
    int stdout_taken = cli->dry_run || (cli->output && strcmp(cli->output, "-") == 0);
    for (size_t i = 0; i < cli->file_count; i++)
        stdout_taken |= strcmp(cli->files[i], "-") == 0 && !cli->output && !cli->check;
    if (cli->report_json && stdout_taken)
        return usage_error("%s", "--report=json writes standard output, and so would this run");
    if (!check_login(o))
        return KC_EXIT_USAGE;
    return -1;
}

void kc_cli_free(kc_cli *cli)
{
    free(cli->files);
    cli->files = NULL;
}
