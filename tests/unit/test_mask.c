/* mask.c: secrets never reach a diff, in any of the forms a file has. */
#include "harness.h"
#include "mask.h"

static const char *mask(kc_mask_state *st, const char *line)
{
    static kc_buffer out;
    if (!line) {
        kc_buffer_free(&out);
        return NULL;
    }
    return kc_mask_line(st, line, strlen(line), &out) ? out.data : "(error)";
}

void test_mask(void)
{
    kc_mask_state st = {0};
    CHECK_STR(mask(&st, "        access-token: eyJ0eXAi.x.y"), "        access-token: ***");
    CHECK_STR(mask(&st, "    token: abc # t"), "    token: ***");
    CHECK_STR(mask(&st, "    client-key-data: LS0t"), "    client-key-data: ***");
    CHECK_STR(mask(&st, "  user: {token: abc, username: u}"), "  user: {token: ***, username: u}");
    CHECK_STR(mask(&st, "\"refresh-token\": \"r\\\"x\","), "\"refresh-token\": ***,");
    CHECK_STR(mask(&st, "args: [get-token, --client-secret, 's,x', --password, p]"),
              "args: [get-token, --client-secret, ***, --password, ***]");
    CHECK_STR(mask(&st, "\"args\":[\"--client-certificate-password\",\"pw\"]"),
              "\"args\":[\"--client-certificate-password\",***]");
    /* a flag on its own line: the next line is the secret */
    CHECK_STR(mask(&st, "      - --password"), "      - --password");
    CHECK_STR(mask(&st, "      - hunter2"), "      - ***");
    CHECK_STR(mask(&st, "      - --server-id"), "      - --server-id");
    CHECK_STR(mask(&st, "      - S"), "      - S");
    CHECK_STR(mask(&st, "        \"--client-secret\","), "        \"--client-secret\",");
    CHECK_STR(mask(&st, "        \"s3cr3t\","), "        ***,");
    /* a multi-line secret: every continuation line */
    kc_mask_state ml = {0};
    CHECK_STR(mask(&ml, "        access-token: >-"), "        access-token: ***");
    CHECK_STR(mask(&ml, "          eyJ0eXAi"), "          ***");
    CHECK_STR(mask(&ml, ""), "");
    CHECK_STR(mask(&ml, "          more.part"), "          ***");
    CHECK_STR(mask(&ml, "        expires-on: \"1700000000\""), "        expires-on: \"1700000000\"");
    CHECK_STR(mask(&ml, "          1700000001"), "          1700000001");
    /* not secrets */
    CHECK_STR(mask(&st, "      - get-token"), "      - get-token");
    CHECK_STR(mask(&st, "      - --token-cache-dir"), "      - --token-cache-dir");
    CHECK_STR(mask(&st, "    tokenFile: /x"), "    tokenFile: /x");
    mask(&st, NULL);
    kc_mask_cleanup();
}
