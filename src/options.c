/* kubelogin's option rules, in C: UpdateFromEnv (the environment over the
 * flags) and Validate (pkg/internal/token/options.go), with the pieces of
 * Go they lean on: time.ParseDuration and url.ParseRequestURI. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

static const char *const supported_logins[] = {
    "devicecode", "interactive", "spn", "ropc", "msi", "azurecli", "azd", "workloadidentity",
    "azurepipelines", NULL};

const char *const *kc_login_methods(void)
{
    return supported_logins;
}

/* A variable that is set (even to "") replaces the value, as os.LookupEnv. */
static void from_env(kc_flag *f, const char *name)
{
    const char *v = getenv(name);
    if (v)
        f->value = v;
}

static int empty(const kc_flag *f)
{
    return !f->value || !*f->value;
}

void kc_options_update_from_env(kc_options *o)
{
    o->login_method = o->login.set ? o->login.value : "devicecode";
    if (o->disable_env_override)
        return;
    if (o->use_azurerm_env) {
        from_env(&o->client_id, "ARM_CLIENT_ID");
        from_env(&o->client_secret, "ARM_CLIENT_SECRET");
        from_env(&o->client_certificate, "ARM_CLIENT_CERTIFICATE_PATH");
        from_env(&o->client_certificate_password, "ARM_CLIENT_CERTIFICATE_PASSWORD");
        from_env(&o->tenant_id, "ARM_TENANT_ID");
    } else {
        from_env(&o->client_id, "AAD_SERVICE_PRINCIPAL_CLIENT_ID");
        from_env(&o->client_id, "AZURE_CLIENT_ID");
        from_env(&o->client_secret, "AAD_SERVICE_PRINCIPAL_CLIENT_SECRET");
        from_env(&o->client_secret, "AZURE_CLIENT_SECRET");
        from_env(&o->client_certificate, "AAD_SERVICE_PRINCIPAL_CLIENT_CERTIFICATE");
        from_env(&o->client_certificate, "AZURE_CLIENT_CERTIFICATE_PATH");
        from_env(&o->client_certificate_password, "AAD_SERVICE_PRINCIPAL_CLIENT_CERTIFICATE_PASSWORD");
        from_env(&o->client_certificate_password, "AZURE_CLIENT_CERTIFICATE_PASSWORD");
        from_env(&o->tenant_id, "AZURE_TENANT_ID");
    }
    from_env(&o->username, "AAD_USER_PRINCIPAL_NAME");
    from_env(&o->username, "AZURE_USERNAME");
    from_env(&o->password, "AAD_USER_PRINCIPAL_PASSWORD");
    from_env(&o->password, "AZURE_PASSWORD");
    const char *method = getenv("AAD_LOGIN_METHOD");
    if (method)
        o->login_method = method;

    if (strcmp(o->login_method, "workloadidentity") == 0) {
        from_env(&o->client_id, "AZURE_CLIENT_ID");
        from_env(&o->federated_token_file, "AZURE_FEDERATED_TOKEN_FILE");
        from_env(&o->authority_host, "AZURE_AUTHORITY_HOST");
    }
    if (strcmp(o->login_method, "azurepipelines") == 0) {
        if (empty(&o->client_id))
            from_env(&o->client_id, "AZURESUBSCRIPTION_CLIENT_ID");
        if (empty(&o->tenant_id))
            from_env(&o->tenant_id, "AZURESUBSCRIPTION_TENANT_ID");
        if (empty(&o->pipelines_connection_id))
            from_env(&o->pipelines_connection_id, "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID");
    }
    /* AZURE_CLI_TIMEOUT counts only when it is a valid duration. */
    const char *timeout = getenv("AZURE_CLI_TIMEOUT");
    int64_t ns;
    char ignored[8];
    if (timeout && kc_parse_duration(timeout, &ns, ignored, sizeof ignored))
        o->timeout.value = timeout;
}

/* ---- Go's time.ParseDuration ----------------------------------------------- */

static int duration_error(char *msg, size_t size, const char *what, const char *unit, const char *orig)
{
    if (unit)
        snprintf(msg, size, "time: unknown unit \"%s\" in duration \"%s\"", unit, orig);
    else
        snprintf(msg, size, "time: %s duration \"%s\"", what, orig);
    return 0;
}

int kc_parse_duration(const char *orig, int64_t *out, char *msg, size_t size)
{
    static const struct {
        const char *name;
        uint64_t ns;
    } units[] = {{"ns", 1},       {"us", 1000},        {"\xc2\xb5s", 1000}, {"\xce\xbcs", 1000},
                 {"ms", 1000000}, {"s", 1000000000ULL}, {"m", 60000000000ULL}, {"h", 3600000000000ULL}};
    const uint64_t limit = (uint64_t)1 << 63;
    const char *s = orig;
    int neg = 0;
    uint64_t d = 0;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    if (strcmp(s, "0") == 0)
        return (*out = 0) == 0;
    if (!*s)
        return duration_error(msg, size, "invalid", NULL, orig);
    while (*s) {
        uint64_t v = 0, f = 0;
        double scale = 1;
        int pre = 0, post = 0, overflow = 0;
        if (!(*s == '.' || (*s >= '0' && *s <= '9')))
            return duration_error(msg, size, "invalid", NULL, orig);
        for (; *s >= '0' && *s <= '9'; s++, pre = 1) {
            if (v > (limit - 1) / 10)
                return duration_error(msg, size, "invalid", NULL, orig);
            v = v * 10 + (uint64_t)(*s - '0');
            if (v > limit)
                return duration_error(msg, size, "invalid", NULL, orig);
        }
        if (*s == '.') {
            for (s++; *s >= '0' && *s <= '9'; s++, post = 1) {
                if (overflow || f > (limit - 1) / 10) {
                    overflow = 1;
                    continue;
                }
                f = f * 10 + (uint64_t)(*s - '0');
                scale *= 10;
            }
        }
        if (!pre && !post)
            return duration_error(msg, size, "invalid", NULL, orig);
        size_t n = 0;
        while (s[n] && s[n] != '.' && !(s[n] >= '0' && s[n] <= '9'))
            n++;
        if (n == 0)
            return duration_error(msg, size, "missing unit in", NULL, orig);
        uint64_t unit = 0;
        for (size_t i = 0; i < sizeof units / sizeof *units && !unit; i++)
            if (strlen(units[i].name) == n && strncmp(s, units[i].name, n) == 0)
                unit = units[i].ns;
        if (!unit) {
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)(n < 60 ? n : 60), s);
            return duration_error(msg, size, NULL, name, orig);
        }
        s += n;
        if (v > limit / unit)
            return duration_error(msg, size, "invalid", NULL, orig);
        v *= unit;
        if (f > 0) {
            v += (uint64_t)((double)f * ((double)unit / scale));
            if (v > limit)
                return duration_error(msg, size, "invalid", NULL, orig);
        }
        d += v;
        if (d > limit)
            return duration_error(msg, size, "invalid", NULL, orig);
    }
    if (!neg && d > limit - 1)
        return duration_error(msg, size, "invalid", NULL, orig);
    *out = neg ? (int64_t)(0 - d) : (int64_t)d;
    return 1;
}

/* ---- Go's url.ParseRequestURI, as far as Validate's decision goes ------------ */

/* Go's %q for the strings in these messages: quotes, backslashes and
 * control characters escaped. */
static void go_quote(char *buf, size_t size, const char *s)
{
    size_t n = 0;
    if (size < 3)
        return;
    buf[n++] = '"';
    for (; *s && n + 6 < size; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            n += (size_t)snprintf(buf + n, size - n, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            n += (size_t)snprintf(buf + n, size - n, "\\x%02x", c);
        else
            buf[n++] = (char)c;
    }
    buf[n++] = '"';
    buf[n] = '\0';
}

static int is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* The characters net/url allows unescaped in a host name. */
static int host_char(unsigned char c)
{
    return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           strchr("-_.~!$&'()*+,;=:[]<>\"", c);
}

/* Percent escapes in [s, end): each %XX valid; in a host, only non-ASCII
 * bytes (or %25) may be escaped and other characters must be allowed. */
static const char *bad_escape(const char *s, const char *end, int host, char *what, size_t size)
{
    for (; s < end; s++) {
        if (*s == '%') {
            if (end - s < 3 || !is_hex(s[1]) || !is_hex(s[2]) ||
                (host && strchr("01234567", s[1]) && strncmp(s, "%25", 3) != 0)) {
                int n = end - s < 3 ? (int)(end - s) : 3;
                snprintf(what, size, "invalid URL escape \"%.*s\"", n, s);
                return s;
            }
            s += 2;
        } else if (host && !host_char((unsigned char)*s)) {
            snprintf(what, size, "invalid character \"%c\" in host name", *s);
            return s;
        }
    }
    return NULL;
}

/* 1 and the host's extent, or 0 and Go's reason. */
static int parse_request_uri(const char *url, const char **host, size_t *host_len, char *why, size_t size)
{
    *host = "";
    *host_len = 0;
    for (const char *p = url; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f) {
            snprintf(why, size, "net/url: invalid control character in URL");
            return 0;
        }
    if (!*url) {
        snprintf(why, size, "empty url");
        return 0;
    }
    if (strcmp(url, "*") == 0)
        return 1;
    /* The scheme: a letter, then letters, digits, + - . up to ':'. */
    const char *rest = url;
    int has_scheme = 0;
    for (const char *p = url; *p; p++) {
        char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            continue;
        if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
            if (p == url)
                break;
            continue;
        }
        if (c == ':') {
            if (p == url) {
                snprintf(why, size, "missing protocol scheme");
                return 0;
            }
            has_scheme = 1;
            rest = p + 1;
        }
        break;
    }
    const char *end = strchr(rest, '?');
    if (!end)
        end = rest + strlen(rest);
    if (*rest != '/') {
        if (has_scheme)
            return 1; /* opaque: no host */
        snprintf(why, size, "invalid URI for request");
        return 0;
    }
    char what[96];
    if (has_scheme && rest[1] == '/') {
        const char *authority = rest + 2;
        const char *slash = memchr(authority, '/', (size_t)(end - authority));
        const char *auth_end = slash ? slash : end;
        const char *h = authority, *port = NULL;
        for (const char *p = authority; p < auth_end; p++)
            if (*p == '@')
                h = p + 1;
        if (*h == '[') {
            const char *close = NULL;
            for (const char *p = h; p < auth_end; p++)
                if (*p == ']')
                    close = p;
            if (!close) {
                snprintf(why, size, "missing ']' in host");
                return 0;
            }
            port = close + 1;
            if (port < auth_end && *port != ':')
                goto bad_port;
            for (const char *p = port + 1; p < auth_end; p++)
                if (*p < '0' || *p > '9')
                    goto bad_port;
        } else {
            const char *colon = NULL;
            for (const char *p = h; p < auth_end; p++)
                if (*p == ':')
                    colon = p;
            for (const char *p = colon ? colon + 1 : auth_end; p < auth_end; p++)
                if (*p < '0' || *p > '9') {
                    port = colon;
                    goto bad_port;
                }
        }
        if (bad_escape(h, auth_end, 1, what, sizeof what) ||
            (h > authority && bad_escape(authority, h - 1, 0, what, sizeof what)) ||
            bad_escape(auth_end, end, 0, what, sizeof what)) {
            snprintf(why, size, "%s", what);
            return 0;
        }
        *host = h;
        *host_len = (size_t)(auth_end - h);
        return 1;
    bad_port:
        snprintf(why, size, "invalid port \"%.*s\" after host", (int)(auth_end - port), port);
        return 0;
    }
    if (bad_escape(rest, end, 0, what, sizeof what)) {
        snprintf(why, size, "%s", what);
        return 0;
    }
    return 1;
}

int kc_options_validate(const kc_options *o, char *msg, size_t size)
{
    int known = 0;
    for (int i = 0; supported_logins[i]; i++)
        known |= strcmp(o->login_method, supported_logins[i]) == 0;
    if (!known) {
        size_t n = (size_t)snprintf(msg, size, "'%s' is not a supported login method. Supported method is one of ",
                                    o->login_method);
        for (int i = 0; supported_logins[i] && n < size; i++)
            n += (size_t)snprintf(msg + n, size - n, "%s%s", i ? ", " : "", supported_logins[i]);
        return 0;
    }
    if (!empty(&o->authority_host)) {
        const char *url = o->authority_host.value, *host;
        size_t host_len;
        char why[160], quoted[300];
        go_quote(quoted, sizeof quoted, url);
        if (!parse_request_uri(url, &host, &host_len, why, sizeof why)) {
            snprintf(msg, size, "authority host %s is not valid: parse %s: %s", quoted, quoted, why);
            return 0;
        }
        /* url.Scheme and url.Host both non-empty (Host keeps its port). */
        if (host_len == 0) {
            snprintf(msg, size, "authority host %s is not valid", quoted);
            return 0;
        }
        if (url[strlen(url) - 1] != '/') {
            snprintf(msg, size, "authority host %s should have a trailing slash", quoted);
            return 0;
        }
    }
    if (o->pop_enabled && empty(&o->pop_claims)) {
        snprintf(msg, size, "if enabling pop token mode, please provide the pop-claims flag containing the "
                            "PoP token claims as a comma-separated string: `u=popClaimHost,key1=val1`");
        return 0;
    }
    if (!empty(&o->pop_claims) && !o->pop_enabled) {
        snprintf(msg, size, "pop-enabled flag is required to use the PoP token feature. Please provide both "
                            "pop-enabled and pop-claims flags");
        return 0;
    }
    int64_t ns = 60000000000LL; /* --timeout's default, 60s */
    char ignored[8];
    if (o->timeout.value && !kc_parse_duration(o->timeout.value, &ns, ignored, sizeof ignored))
        ns = 0;
    if (ns <= 0) {
        snprintf(msg, size, "timeout must be greater than 0");
        return 0;
    }
    return 1;
}
