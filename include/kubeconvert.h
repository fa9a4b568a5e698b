/*
 * kubeconvert: rewrite kubeconfig users from the removed in-tree `azure`
 * auth-provider into kubelogin exec entries (and back), touching only the
 * bytes of the users it converts.
 *
 * Pipeline: kc_parse (libyaml events -> kc_document, an AST whose nodes
 * carry their byte span) -> kc_convert (transformer passes -> kc_edit list)
 * -> kc_emit (original bytes with the edited spans re-rendered).
 *
 * Conventions (after libyaml): functions return 1 on success and 0 on
 * failure, filling a kc_error; every kc_X_init has its kc_X_free.
 */
#ifndef KUBECONVERT_H
#define KUBECONVERT_H

#include <stddef.h>
#include <stdint.h>

/* The version lives in the file VERSION; the Makefile passes it in. */
#ifndef KC_VERSION
#error "build with the Makefile: KC_VERSION comes from the file VERSION"
#endif

/* Exit status of the command (see man/kubeconvert.1, EXIT STATUS). */
typedef enum kc_exit {
    KC_EXIT_OK = 0,       /* done, also when nothing needed converting */
    KC_EXIT_CHANGES = 1,  /* --check: some file would change */
    KC_EXIT_USAGE = 2,    /* bad command line */
    KC_EXIT_FAILURE = 3   /* an input could not be read, parsed, converted or written */
} kc_exit;

/* ---- errors ----------------------------------------------------------- */

typedef struct kc_error {
    int set;              /* 0 while no error happened */
    kc_exit exit_code;    /* which exit status the error leads to */
    size_t line, column;  /* 1-based position in the file; 0 when unknown */
    char user[256];       /* user the error is about, "" when none */
    char message[512];    /* the message, without file, position or user */
} kc_error;

/* Fill err (first error wins) and return 0, so callers can write
 * `return kc_set_error(err, ...)`. line/column are 0-based as libyaml marks
 * are, or (size_t)-1 when unknown. */
int kc_set_error(kc_error *err, kc_exit code, size_t line0, size_t column0,
                 const char *user, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* The one place messages are formatted: "FILE:L:C: user "U": msg" into buf,
 * and printed as "kubeconvert: error: " that. */
void kc_format_error(char *buf, size_t size, const char *file, const kc_error *err);
void kc_print_error(const char *file, const kc_error *err);

/* Text that names things (users, contexts, paths, messages quoting them)
 * made safe for a terminal: C0 controls, DEL, C1 controls, bidirectional
 * overrides, line separators and bytes that are not UTF-8 become `\xNN`
 * escapes (one per byte), so no name can move the cursor or forge a line.
 * Writes at most size bytes (NUL included, never half an escape); returns
 * the length written. */
size_t kc_escape_display(char *buf, size_t size, const char *text, size_t len);
/* text with only its bytes that are not UTF-8 as the 4 characters `\xNN`,
 * for JSON (whose encoder escapes the controls itself). */
size_t kc_escape_utf8(char *buf, size_t size, const char *text, size_t len);

/* ---- secrets (mask.c) -------------------------------------------------- */

/* The one definition of a secret. A value under one of these keys (any
 * case: kubectl reads keys case-insensitively), all of it when it is a
 * collection: access-token, refresh-token, idp-refresh-token, id-token,
 * client-secret, token, client-key-data, password. */
int kc_secret_key(const char *key);
/* An argument carrying a secret: KC_SECRET_NEXT for `--client-secret`,
 * `--password` and `--client-certificate-password` (the next argument is
 * the secret), KC_SECRET_INLINE for their `--flag=value` form (what follows
 * the '='), 0 for any other. Every value of an exec `env` list is a secret too. */
enum { KC_SECRET_NEXT = 1, KC_SECRET_INLINE = 2 };
int kc_secret_flag(const char *arg);

/* ---- string arena (ast.c) -------------------------------------------- */

/* Blocks that never move: a stored string stays valid until kc_arena_free. */
typedef struct kc_chunk kc_chunk;

/* A NUL-terminated copy of text[0..len) in *arena; NULL when out of memory. */
const char *kc_arena_store(kc_chunk **arena, const char *text, size_t len);
void kc_arena_free(kc_chunk **arena);
/* Move every chunk of *from into *into (strings keep their addresses). */
void kc_arena_adopt(kc_chunk **into, kc_chunk **from);

/* ---- the AST ---------------------------------------------------------- */

typedef enum kc_node_type {
    KC_SCALAR = 1,
    KC_SEQUENCE,
    KC_MAPPING,
    KC_ALIAS               /* a reference to an anchor; never expanded */
} kc_node_type;

#define KC_NONE (-1)
#define KC_NO_POS ((size_t)-1)

/* 56 bytes: a fleet file has a hundred thousand nodes, and every byte here
 * is a page fault every 73 nodes. Spans are 32-bit (kc_parse refuses files
 * of 4 GiB or more); anchors, rare, live in a table of their own. */
typedef struct kc_node {
    const char *text;      /* scalar value or alias name, NUL-terminated (but see
                              borrowed); read it with kc_node_text */
    uint32_t start, end;   /* byte span in the source; KC_NO_SPAN for new nodes */
    uint32_t text_len;
    uint32_t line, column; /* 0-based start position (column in characters) */
    int parent, first_child, last_child, next; /* node ids, KC_NONE when none */
    uint32_t count;        /* number of children; a mapping's are key, value, key, ... */
    uint32_t anchor;       /* 1 + index in the document's anchor table, 0 when none */
    unsigned char type;    /* kc_node_type */
    unsigned char style;   /* scalars: yaml_scalar_style_t; collections: 1 if flow */
    unsigned char tagged : 1;   /* has an explicit tag (e.g. !!str) */
    unsigned char borrowed : 1; /* a long plain value left in the source, copied on first read */
    unsigned char skipped : 1;  /* a top-level value built without its children (keep_keys) */
} kc_node;

#define KC_NO_SPAN UINT32_MAX

typedef struct kc_document {
    const char *source;    /* the file's bytes (not owned) */
    size_t source_len;
    size_t bom_len;        /* 3 when the source starts with a UTF-8 byte order mark */
    kc_node *nodes;
    size_t node_count, node_cap;
    kc_chunk *chunks;      /* the string arena: value pointers stay valid
                              while passes add nodes */
    const char **anchors;  /* anchor names, in the order they are defined */
    size_t anchor_count, anchor_cap;
    int root;              /* KC_NONE for an empty stream */
    size_t source_nodes;   /* nodes [0, source_nodes) come from the source */
    size_t alias_count;    /* aliases in the source: 0 spares every sharing check */
    /* Set before kc_parse to build less: only the values of these top-level
     * keys (a NULL-terminated list) get their children; other values become
     * one node with its span, marked skipped. NULL builds every node. A
     * fleet file's clusters are half its nodes, and no pass reads them. */
    const char *const *keep_keys;
} kc_document;

void kc_document_init(kc_document *doc, const char *source, size_t len);
void kc_document_free(kc_document *doc);

/* Node construction (ast.c). They return the new id or KC_NONE when out of memory. */
int kc_node_new(kc_document *doc, kc_node_type type, const char *text, size_t len);
void kc_node_append(kc_document *doc, int parent, int child);
int kc_new_scalar(kc_document *doc, const char *text);
/* Append `key: value` (a new scalar pair) to a new mapping. 1/0. */
int kc_map_add_string(kc_document *doc, int map, const char *key, const char *value);
int kc_seq_add_string(kc_document *doc, int seq, const char *value);

static inline const kc_node *kc_node_at(const kc_document *doc, int id)
{
    return id == KC_NONE ? NULL : &doc->nodes[id];
}
/* The node's anchor name, NULL when it has none. */
static inline const char *kc_node_anchor(const kc_document *doc, int id)
{
    uint32_t a = doc->nodes[id].anchor;
    return a ? doc->anchors[a - 1] : NULL;
}
/* The node's value. Long plain values stay in the source until read (a
 * fleet file is mostly CA data nobody reads), so this may copy once. */
const char *kc_node_text(const kc_document *doc, int id);

/* Follow an alias to the node it names (the last anchor of that name
 * defined before it). Other nodes are returned as they are. */
int kc_resolve(const kc_document *doc, int id);
/* Value of `key` in mapping map (aliases resolved), KC_NONE if absent, read
 * as kubectl (go-yaml v2) reads it: the last pair of that key wins, and YAML
 * merge keys (`<<: *a`, `<<: [*a, *b]`) count where they stand. The key
 * node of the pair read (maybe in a merged mapping) goes to *key_out when
 * not NULL. Where a merge is one go-yaml refuses, only the own pairs count:
 * kc_check_merges finds those. */
int kc_map_get(const kc_document *doc, int map, const char *key, int *key_out);
/* 1 when every merge in map (and in what it merges) is one go-yaml reads,
 * within a bound on the work; else 0 and *bad is the `<<` key of map. */
int kc_check_merges(const kc_document *doc, int map, int *bad);
/* 1 when a merge in map brings `key` (whether or not map's own pair of
 * that key wins); *merge_key is the `<<` key of map it comes through. */
int kc_merge_brings(const kc_document *doc, int map, const char *key, int *merge_key);
int kc_is_merge_key(const kc_document *doc, int key);
/* The scalar's bytes are exactly s (values may hold a NUL; s cannot). */
int kc_text_is(const kc_document *doc, int id, const char *s);
/* 1 when node is a scalar with a NUL in its value: a C string would cut it. */
int kc_has_nul(const kc_document *doc, int id);
/* Where an explicit key's `?` indicator is (a byte offset), KC_NO_POS
 * for a key without one. */
size_t kc_explicit_key_at(const kc_document *doc, int key);
/* 1 when node is a scalar whose value a YAML 1.1 reader takes as null. */
int kc_is_null(const kc_document *doc, int id);
/* The string value of a scalar ("" for null or a non-scalar). */
const char *kc_string(const kc_document *doc, int id);
/* Structural equality of two nodes (mapping key order ignored). */
int kc_node_equal(const kc_document *doc, int a, int b);

/* ---- parse ------------------------------------------------------------ */

#define KC_MAX_DEPTH 1000

/* Parse the first YAML document of doc->source into the AST. With
 * doc->keep_keys set, a skipped value that holds an anchor or an alias makes
 * it parse again in full: sharing checks need every anchor and alias. */
int kc_parse(kc_document *doc, kc_error *err);

/* ---- scalar resolution (resolve.c) ----------------------------------- */

/* 1 when a YAML 1.1 (or 1.2, or go-yaml) reader takes the plain scalar
 * `text` as something other than a string: it must then be quoted. */
int kc_plain_is_non_string(const char *text, size_t len);
void kc_resolve_cleanup(void);

/* ---- name patterns (pattern.c, PCRE2) --------------------------------- */

typedef struct kc_pattern kc_pattern;

/* NULL and a usage error (PCRE2's message and offset) for a bad pattern. */
kc_pattern *kc_pattern_compile(const char *option, const char *pattern, kc_error *err);
int kc_pattern_match(const kc_pattern *p, const char *text);
void kc_pattern_free(kc_pattern *p);

/* ---- options ---------------------------------------------------------- */

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

/* ---- transform -------------------------------------------------------- */

typedef enum kc_action {
    KC_ACTION_CONVERTED = 1,
    KC_ACTION_UNCHANGED,   /* already in the wanted form */
    KC_ACTION_SKIPPED      /* not an azure user, outside --context, ... */
} kc_action;

/* Strings live in the result's arena: a fleet file has thousands of users,
 * and fixed arrays here cost a page fault every eight of them. */
typedef struct kc_user_result {
    const char *name;
    kc_action action;
    const char *reason;    /* "legacy azure -> kubelogin devicecode", ... */
    const char *from, *to; /* "azure", "gcp", "exec/METHOD" or "exec:PLUGIN"; "" when not converted */
    int notice;            /* said even without --verbose (a user kubelogin would trip on) */
} kc_user_result;

/* One change to the source: the pair (key, value) is replaced by the new
 * pair (new_key text, new_value node), or removed when new_value is KC_NONE. */
typedef struct kc_edit {
    int key, value;        /* source nodes */
    const char *new_key;
    int new_value;         /* a node built by a pass */
} kc_edit;

typedef struct kc_result {
    kc_edit *edits;
    size_t edit_count, edit_cap;
    kc_user_result *users;
    size_t user_count, user_cap;
    kc_chunk *strings;     /* the users' names and reasons */
    /* When kc_convert fails: every error it found, in file order. A user's
     * error does not stop the others (so all are reported at once); an
     * error about the file as a whole does. */
    kc_error *errors;
    size_t error_count, error_cap;
} kc_result;

void kc_result_init(kc_result *res);
void kc_result_free(kc_result *res);

/* Names already claimed by earlier files of one $KUBECONFIG set (first file
 * wins, as kubectl merges them). May be NULL. */
typedef struct kc_names {
    char **names;
    char **files;          /* the file that claimed each name */
    size_t count, cap;
    size_t *slots;         /* open-addressing hash index: entry + 1, 0 = empty */
    size_t slot_count;
} kc_names;

void kc_names_free(kc_names *names);

/* Which users a run may convert. */
typedef struct kc_selection {
    const char *context_user;        /* the user --context names, NULL: any */
    const kc_pattern *user_re;       /* --user-regex, NULL: any */
    const kc_names *context_users;   /* users named by contexts matching --context-regex,
                                        NULL when the option is not given */
    unsigned providers;              /* --provider: KC_PROVIDER_* bits, 0: azure */
} kc_selection;

/* Run the transformer passes over one parsed document. On failure err is
 * the first error and res->errors lists them all (see kc_result). */
int kc_convert(kc_document *doc, const kc_options *opts, const kc_selection *sel,
               kc_names *seen, const char *file, kc_result *res, kc_error *err);

/* The user a context names in this document: 1 and *user set when found. */
int kc_find_context_user(const kc_document *doc, const char *context, const char **user);
/* Add to users every user named by a context whose name matches re. 1/0. */
int kc_context_users_matching(const kc_document *doc, const kc_pattern *re, kc_names *users);

/* kc_names lookups (names.c). */
const char *kc_names_find(const kc_names *names, const char *name);
int kc_names_add(kc_names *names, const char *name, const char *file);

/* ---- emit ------------------------------------------------------------- */

typedef struct kc_buffer {
    char *data;
    size_t len, cap;
} kc_buffer;

int kc_buffer_append(kc_buffer *buf, const char *data, size_t len);
/* Make room for `need` items of `size` bytes in a doubling array. 1/0. */
int kc_array_grow(void **items, size_t *cap, size_t need, size_t size);
int kc_buffer_puts(kc_buffer *buf, const char *s);
int kc_buffer_pad(kc_buffer *buf, char c, size_t count);
void kc_buffer_free(kc_buffer *buf);

/* Free what the renderer keeps across calls (its emitters and memo). */
void kc_render_cleanup(void);

/* The result of emit: the file as a list of pieces, each either a range of
 * the source or a range of the newly rendered text. The source is not
 * copied, so a fleet file costs its size once, not twice. */
typedef struct kc_piece {
    const char *data;      /* valid once kc_emit returned */
    size_t len;
    size_t offset;         /* while emitting: where in `rendered` (data NULL) */
} kc_piece;

/* A changed region in whole lines: source bytes [old_start, old_end) became
 * output bytes [new_start, new_end). For diffs. */
typedef struct kc_hunk {
    size_t old_start, old_end, new_start, new_end;
} kc_hunk;

typedef struct kc_output {
    kc_buffer rendered;    /* the text of every edit */
    kc_hunk *hunks;
    size_t hunk_count, hunk_cap;
    kc_piece *pieces;
    size_t count, cap;
    size_t total;          /* bytes in all the pieces */
    int changed;           /* differs from the source */
} kc_output;

void kc_output_free(kc_output *out);
/* The whole output in one buffer (tests, diffs). */
int kc_output_join(const kc_output *out, kc_buffer *buf);

/* Apply every edit of res to the source. */
int kc_emit(const kc_document *doc, const kc_result *res, kc_output *out, kc_error *err);

#endif
