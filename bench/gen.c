/* Write a realistic kubeconfig of N clusters (seeded, deterministic): per
 * cluster a ~1.7 KB CA, a context, and a user; a third of the users legacy
 * azure, a third kubelogin exec, a third certificates and tokens; comments
 * sprinkled the way people leave them.
 * usage: gen N [SEED] > kubeconfig */
#include <stdio.h>
#include <stdlib.h>

static unsigned long long state = 42;

static unsigned rnd(void)
{
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)(state >> 33);
}

static void base64(size_t n)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i++)
        putchar(alphabet[rnd() % 64]);
}

static void uuid(void)
{
    printf("%08x-%04x-%04x-%04x-%04x%08x", rnd(), rnd() & 0xffff, rnd() & 0xffff, rnd() & 0xffff,
           rnd() & 0xffff, rnd());
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: gen N [SEED]\n", stderr);
        return 2;
    }
    long n = atol(argv[1]);
    if (argc > 2)
        state = strtoull(argv[2], NULL, 10);
    printf("# fleet kubeconfig: %ld clusters\napiVersion: v1\nclusters:\n", n);
    for (long i = 0; i < n; i++) {
        printf("- cluster:\n    certificate-authority-data: ");
        base64(1700);
        printf("\n    server: https://aks-%ld-dns-%08x.hcp.westeurope.azmk8s.io:443\n  name: aks-%ld\n", i, rnd(), i);
    }
    printf("contexts:\n");
    for (long i = 0; i < n; i++)
        printf("- context:\n    cluster: aks-%ld\n    user: user-%ld\n  name: aks-%ld\n", i, i, i);
    printf("current-context: aks-0\nkind: Config\npreferences: {}\nusers:\n");
    for (long i = 0; i < n; i++) {
        printf("- name: user-%ld\n  user:\n", i);
        switch (i % 3) {
        case 0:
            printf("    auth-provider:\n      config:\n        apiserver-id: ");
            uuid();
            printf("\n        client-id: ");
            uuid();
            printf("\n        # '1': v2 token audience\n        config-mode: '1'\n"
                   "        environment: AzurePublicCloud\n        tenant-id: ");
            uuid();
            printf("\n        access-token: eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.");
            base64(600);
            printf("\n        expires-on: \"1700000000\"\n      name: azure\n");
            break;
        case 1:
            printf("    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      args:\n"
                   "      - get-token\n      - --login\n      - devicecode\n      - --server-id\n      - ");
            uuid();
            printf("\n      - --client-id\n      - ");
            uuid();
            printf("\n      - --tenant-id\n      - ");
            uuid();
            printf("\n      command: kubelogin\n      env: null\n      provideClusterInfo: false\n");
            break;
        default:
            if (i % 2)
                printf("    token: ");
            else
                printf("    client-certificate-data: ");
            base64(1200);
            printf("\n");
        }
    }
    return 0;
}
