/* kubelogin's convert-kubeconfig options, its UpdateFromEnv and Validate,
 * and Go's time.ParseDuration for --timeout and $AZURE_CLI_TIMEOUT (options.c). */
#ifndef KC_OPTIONS_H
#define KC_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

typedef struct kc_flag {
    const char *value;    /* points into argv or a literal */
    int set;              /* given on the command line */
} kc_flag;

typedef enum kc_format { KC_FORMAT_EXEC = 0, KC_FORMAT_AZURE } kc_format;

/* --provider: which removed auth-providers to convert (bits; 0 is azure
 * alone, the default, so every kubelogin command line keeps its meaning). */
enum { KC_PROVIDER_AZURE = 1, KC_PROVIDER_GCP = 2 };
#define KC_GCP_PLUGIN "gke-gcloud-auth-plugin"

/* kubelogin's convert-kubeconfig options. After the command line,
 * kc_options_update_from_env applies the environment as kubelogin's
 * UpdateFromEnv does: it may change a flag's value, never whether it was
 * given (`set`), and the converter writes a value only for a flag given. */
typedef struct kc_options {
    kc_flag login, server_id, client_id, tenant_id, environment;
    kc_flag client_secret, client_certificate, client_certificate_password;
    kc_flag username, password, identity_resource_id, authority_host;
    kc_flag federated_token_file, cache_dir, pop_claims, redirect_url;
    kc_flag login_hint, pipelines_connection_id, subscription, azure_config_dir;
    kc_flag context;
    kc_flag timeout;                        /* --timeout DURATION (validated, never written) */
    int legacy, legacy_set;                 /* --legacy[=bool] */
    int pop_enabled, pop_enabled_set;       /* --pop-enabled[=bool] */
    int disable_env_override, disable_env_override_set;
    int use_azurerm_env, use_azurerm_env_set;  /* --use-azurerm-env-vars: ARM_* names */
    int disable_instance_discovery, disable_instance_discovery_set; /* accepted, not written */
    kc_format format;
    unsigned providers;                     /* --provider: KC_PROVIDER_* bits, 0: azure */
    const char *login_method;               /* resolved: flag, then $AAD_LOGIN_METHOD over it */
} kc_options;

/* kubelogin's UpdateFromEnv (options.c): the environment over the flags'
 * values; sets login_method. Then kubelogin's Validate: 1, or 0 with its
 * message in msg. */
void kc_options_update_from_env(kc_options *o);
/* kubelogin's login method names, NULL-terminated. */
const char *const *kc_login_methods(void);
int kc_options_validate(const kc_options *o, char *msg, size_t size);

/* 1 and the nanoseconds in *out, or 0 and Go's message in msg. */
int kc_parse_duration(const char *text, int64_t *out, char *msg, size_t size);

#endif
