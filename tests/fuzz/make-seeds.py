#!/usr/bin/env python3
"""Write the seed corpus testdata/fuzz/ for tests/fuzz/fuzz_convert.c (run once;
the files are committed, so neither `make test` nor `make fuzz` needs Python).

Every seed is one options byte followed by the file: byte % 5 picks the login
method (devicecode, azurecli, spn, msi, interactive), (byte / 5) % 2 the format
(0 exec, 1 azure). Seeds:
  convert-*   each testdata/convert/*/input.yaml, with a method; files that hold
              an exec user once more with --format azure
  line-*      several converted users on one line (one-line JSON, flow users
              lists), in every layout, line break and method: line_seeds()
  the rest    hostile inputs, one idea each (see the names below)
usage: tests/fuzz/make-seeds.py [OUT_DIR]   (default testdata/fuzz; other files there,
       such as saved crashes, are left alone)
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "testdata", "fuzz")

DEVICECODE, AZURECLI, SPN, MSI, INTERACTIVE = range(5)
AZURE = 5  # add to a method: --format azure


def seed(name, opt, data):
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(bytes([opt]) + data)


LEGACY_USER = """\
- name: {name}
  user:
    auth-provider:
      config:
        apiserver-id: 6dae42f8-4368-4678-94ff-3960e28e3630
        client-id: 80faf920-1908-4b52-b5ef-a8e7bedfc67a
        config-mode: '1'
        environment: AzurePublicCloud
        tenant-id: 72f988bf-86f1-41af-91ab-2d7cd011db47
      name: azure
"""

EXEC_USER = """\
- name: {name}
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - get-token
      - --login
      - devicecode
      - --server-id
      - 6dae42f8-4368-4678-94ff-3960e28e3630
      - --client-id
      - 80faf920-1908-4b52-b5ef-a8e7bedfc67a
      - --tenant-id
      - 72f988bf-86f1-41af-91ab-2d7cd011db47
      command: kubelogin
"""

HEAD = """\
apiVersion: v1
clusters:
- cluster:
    server: https://aks.example.com:443
  name: aks
contexts:
- context:
    cluster: aks
    user: a
  name: aks
current-context: aks
kind: Config
users:
"""


def kubeconfig(*users):
    return HEAD + "".join(users)


def legacy(name="a"):
    return LEGACY_USER.format(name=name)


def exec_user(name="b"):
    return EXEC_USER.format(name=name)


def main():
    os.makedirs(OUT, exist_ok=True)

    # ---- the fixtures -------------------------------------------------------------
    cases = sorted(d for d in os.listdir(os.path.join(ROOT, "testdata", "convert"))
                   if os.path.isfile(os.path.join(ROOT, "testdata", "convert", d, "input.yaml")))
    for i, d in enumerate(cases):
        with open(os.path.join(ROOT, "testdata", "convert", d, "input.yaml"), "rb") as f:
            data = f.read()
        seed("convert-" + d, i % 5, data)
        if b"exec" in data:
            seed("convert-" + d + "-to-azure", AZURE + i % 5, data)

    base = kubeconfig(legacy("a"), exec_user("b"))

    # ---- depth ------------------------------------------------------------------
    seed("deep-flow-seq-10000", DEVICECODE, "[" * 10000)
    seed("deep-flow-map-10000", DEVICECODE, "{a: " * 10000)
    seed("deep-block-seq-2000", DEVICECODE, "- " * 2000 + "x\n")
    for depth in (KC_DEPTH - 2, KC_DEPTH - 1, KC_DEPTH, KC_DEPTH + 1):
        # under the config of a legacy user: the limit is on the whole document
        nested = "[" * depth + "x" + "]" * depth
        seed("deep-in-auth-provider-%d" % depth, AZURECLI,
             kubeconfig(legacy("a").replace("environment: AzurePublicCloud",
                                            "environment: AzurePublicCloud\n        extra: " + nested)))
    seed("deep-users-unclosed", DEVICECODE, "users:\n- name: a\n  user: " + "{auth-provider: " * 500)

    # ---- aliases: billion laughs --------------------------------------------------
    names = "abcdefghi"
    laughs = "lol0: &a [" + ", ".join(['"lol"'] * 9) + "]\n"
    for i in range(1, 9):
        laughs += "lol%d: &%s [%s]\n" % (i, names[i], ", ".join(["*" + names[i - 1]] * 9))
    seed("billion-laughs", DEVICECODE, laughs)
    user = legacy("a").replace("      name: azure\n", "      name: azure\n      laughs: *i\n")
    user = user.replace("environment: AzurePublicCloud", "environment: AzurePublicCloud\n        more: *i")
    seed("billion-laughs-in-auth-provider", SPN, laughs + kubeconfig(user, exec_user("b")))
    seed("billion-laughs-as-user", MSI, laughs + HEAD + "- name: a\n  user: *i\n" + exec_user("b"))
    block = "x0: &x0 lol\n"
    for i in range(1, 9):
        block += "x%d: &x%d\n" % (i, i) + "".join("  k%d: *x%d\n" % (j, i - 1) for j in range(9))
    seed("billion-laughs-merge-keys", DEVICECODE,
         block + kubeconfig(legacy("a").replace("config:\n", "config:\n        <<: *x8\n")))

    # ---- size ---------------------------------------------------------------------
    ca = "QUJD" * (1024 * 1024 // 4)  # 1 MiB plain scalar: borrowed from the source
    seed("scalar-1mb-plain", DEVICECODE,
         HEAD.replace("    server:", "    certificate-authority-data: " + ca + "\n    server:") + legacy("a"))
    token = "eyJ0" * (64 * 1024 // 4)
    seed("scalar-64k-in-auth-provider", AZURECLI,
         kubeconfig(legacy("a").replace("config:\n", 'config:\n        access-token: "%s"\n' % token)))
    seed("scalar-64k-server-id", INTERACTIVE,
         kubeconfig(legacy("a").replace("6dae42f8-4368-4678-94ff-3960e28e3630", "s" * 65536)))
    seed("users-500", DEVICECODE, kubeconfig(*[legacy("u%d" % i) if i % 2 else exec_user("u%d" % i)
                                              for i in range(500)]))
    seed("users-500-to-azure", AZURE + DEVICECODE, kubeconfig(*[exec_user("u%d" % i) for i in range(500)]))

    # ---- bytes: UTF-8, NUL, BOM, line breaks --------------------------------------
    seed("utf8-invalid-ff-in-comment", DEVICECODE, base.replace("kind: Config", "kind: Config # \xff", 1).encode("latin-1"))
    seed("utf8-invalid-in-block", DEVICECODE, base.encode().replace(b"environment: AzurePublicCloud", b"environment: Azure\xc3("))
    seed("utf8-truncated-at-end", DEVICECODE, base.encode() + b"# \xe2\x82")
    seed("utf8-overlong", DEVICECODE, base.encode().replace(b"name: a\n", b"name: a\xc0\xaf\n", 1))
    seed("utf8-surrogate", DEVICECODE, base.encode().replace(b"name: a\n", b"name: a\xed\xa0\x80\n", 1))
    seed("utf8-valid-multibyte-before-block", AZURECLI,
         base.replace("kind: Config", "kind: Config # \u00e9\u4e2d\U0001F600", 1).replace("name: a\n", "name: \u00e9\u00e9\n", 1))
    seed("utf8-multibyte-in-block", SPN, base.replace("# ", "").replace("environment: AzurePublicCloud",
                                                                          "environment: \"Az\u00fcre \u4e2d\"  # \u00e9"))
    seed("nul-in-value", DEVICECODE, base.encode().replace(b"client-id: 80", b"client-id: 8\x000", 1))
    seed("nul-in-comment", DEVICECODE, base.encode().replace(b"kind: Config", b"kind: Config # \x00", 1))
    seed("nul-at-end", DEVICECODE, base.encode() + b"\x00")
    seed("nul-only", DEVICECODE, b"\x00" * 64)
    seed("bom", DEVICECODE, b"\xef\xbb\xbf" + base.encode())
    seed("bom-twice", DEVICECODE, b"\xef\xbb\xbf\xef\xbb\xbf" + base.encode())
    seed("bom-json", AZURECLI, b"\xef\xbb\xbf" + JSON_PRETTY.encode())
    seed("bom-only", DEVICECODE, b"\xef\xbb\xbf")
    seed("bom-utf16le", DEVICECODE, b"\xff\xfe" + base.encode("utf-16-le"))
    seed("crlf", DEVICECODE, base.replace("\n", "\r\n"))
    seed("crlf-mixed", MSI, base.replace("      name: azure\n", "      name: azure\r\n").replace("config:\n", "config:\r\n"))
    seed("crlf-no-final-newline", SPN, base.replace("\n", "\r\n").rstrip("\r\n"))
    seed("cr-only", DEVICECODE, base.replace("\n", "\r"))
    seed("cr-only-one-user-comment", AZURECLI, kubeconfig(legacy("a").replace(
        "        config-mode", "        # a comment\n        config-mode")).replace("\n", "\r"))
    seed("crlf-bom-to-azure", AZURE + AZURECLI, b"\xef\xbb\xbf" + kubeconfig(exec_user("a")).replace("\n", "\r\n").encode())
    seed("no-final-newline-after-block", DEVICECODE, kubeconfig(legacy("a")).rstrip("\n"))
    seed("no-final-newline-comment", DEVICECODE, kubeconfig(legacy("a")) + "      # the end")
    seed("tabs-after-values", DEVICECODE, base.replace("client-id: 80faf920-1908-4b52-b5ef-a8e7bedfc67a",
                                                       "client-id: 80faf920-1908-4b52-b5ef-a8e7bedfc67a\t\t# tab"))

    # ---- flow style ---------------------------------------------------------------
    seed("flow-users-one-line", DEVICECODE,
         "users: [{name: a, user: {auth-provider: {name: azure, config: {apiserver-id: s, client-id: c, tenant-id: t}}}}]\n")
    seed("flow-users-multiline", AZURECLI, """\
users: [
  {name: a, user: {auth-provider: {name: azure, config: {
      apiserver-id: s,   # server
      client-id: c,
      tenant-id: t}}}},
  {name: b, user: {exec: {command: kubelogin, args: [get-token, --server-id, s, --client-id, c, --tenant-id, t]}}}
]
""")
    seed("flow-user-in-block-list", SPN, HEAD + "- {name: a, user: {auth-provider: {name: azure, config: {apiserver-id: s, client-id: c, tenant-id: t}}}}\n" + exec_user("b"))
    seed("flow-auth-provider-in-block-user", MSI,
         HEAD + "- name: a\n  user:\n    auth-provider: {name: azure, config: {apiserver-id: s, client-id: c, tenant-id: t}} # after\n")
    seed("flow-exec-to-azure", AZURE + DEVICECODE,
         "users: [{name: b, user: {exec: {command: kubelogin, args: [get-token, --server-id, s, --client-id, c, --tenant-id, t]}}}]\n")
    seed("flow-exec-and-provider", INTERACTIVE,
         "users:\n- name: a\n  user: {exec: {command: kubelogin, args: [get-token]}, auth-provider: {name: azure, config: {apiserver-id: s, client-id: c, tenant-id: t}}}\n")

    # ---- JSON ---------------------------------------------------------------------
    seed("json-pretty", DEVICECODE, JSON_PRETTY)
    seed("json-pretty-to-azure", AZURE + AZURECLI, JSON_EXEC)
    seed("json-one-line", SPN, "".join(line.strip() for line in JSON_PRETTY.splitlines()))
    seed("json-minified", MSI, "".join(line.strip() for line in JSON_PRETTY.splitlines()).replace(": ", ":").replace(", ", ","))
    seed("json-tabs-crlf", INTERACTIVE, JSON_PRETTY.replace("    ", "\t").replace("\n", "\r\n"))
    seed("json-unicode-escapes", DEVICECODE, JSON_PRETTY.replace('"azure"', '"\\u0061zure"').replace('"a"', '"\\u00e9\\ud83d\\ude00"'))

    # ---- anchors and aliases around auth-provider ----------------------------------
    seed("anchor-config-shared", DEVICECODE, HEAD + """\
- name: a
  user:
    auth-provider:
      config: &cfg
        apiserver-id: s
        client-id: c
        tenant-id: t
      name: azure
- name: b
  user:
    auth-provider:
      config: *cfg
      name: azure
""")
    seed("anchor-auth-provider-shared", AZURECLI, HEAD + """\
- name: a
  user:
    auth-provider: &ap
      config:
        apiserver-id: s
        client-id: c
        tenant-id: t
      name: azure
- name: b
  user:
    auth-provider: *ap
""")
    seed("anchor-on-values", SPN, HEAD + """\
- name: a
  user:
    auth-provider:
      config:
        apiserver-id: &s s
        client-id: &c c
        tenant-id: &t t
      name: &n azure
- name: b
  user:
    auth-provider:
      config: {apiserver-id: *s, client-id: *c, tenant-id: *t}
      name: *n
""")
    seed("anchor-merge-key-in-config", MSI, HEAD + """\
- name: a
  user:
    auth-provider:
      config: &base
        apiserver-id: s
        client-id: c
        tenant-id: t
      name: azure
- name: b
  user:
    auth-provider:
      config:
        <<: *base
        tenant-id: other
      name: azure
""")
    seed("anchor-user-shared", INTERACTIVE, HEAD + """\
- name: a
  user: &u
    auth-provider:
      config: {apiserver-id: s, client-id: c, tenant-id: t}
      name: azure
- name: b
  user: *u
""")
    seed("anchor-exec-shared-to-azure", AZURE + DEVICECODE, HEAD + """\
- name: a
  user:
    exec: &e
      command: kubelogin
      args: [get-token, --server-id, s, --client-id, c, --tenant-id, t]
- name: b
  user:
    exec: *e
""")
    seed("anchor-undefined-alias", DEVICECODE, HEAD + "- name: a\n  user:\n    auth-provider: *nope\n")
    seed("anchor-redefined", DEVICECODE, HEAD + """\
- name: a
  user:
    auth-provider:
      config: &x {apiserver-id: s, client-id: c, tenant-id: t}
      name: azure
- &x name: b
  user:
    auth-provider:
      config: *x
      name: azure
""")
    seed("anchor-key-alias", SPN, "k: &k auth-provider\n" + HEAD + """\
- name: a
  user:
    *k :
      config: {apiserver-id: s, client-id: c, tenant-id: t}
      name: azure
""")

    # ---- several documents --------------------------------------------------------
    seed("multi-doc", DEVICECODE, "---\n" + kubeconfig(legacy("a")) + "---\n" + kubeconfig(legacy("a")))
    seed("multi-doc-end-markers", AZURECLI, "%YAML 1.1\n---\n" + kubeconfig(legacy("a")) + "...\n---\n" + base + "...\n")
    seed("multi-doc-second-invalid", SPN, kubeconfig(legacy("a")) + "---\n: : [\n\t- x\n")
    seed("multi-doc-empty-first", MSI, "---\n...\n---\n" + base)
    seed("multi-doc-to-azure", AZURE + MSI, kubeconfig(exec_user("a")) + "---\n" + kubeconfig(exec_user("a")))

    # ---- odd but valid YAML around the block --------------------------------------
    seed("block-scalars-in-config", DEVICECODE, HEAD + """\
- name: a
  user:
    auth-provider:
      config:
        apiserver-id: |
          s
        client-id: >-
          c
        tenant-id: |+
          t

      name: azure
""")
    seed("quoted-keys-and-tags", AZURECLI, HEAD + """\
- "name": 'a'
  "user":
    'auth-provider':
      !!str config:
        "apiserver-id": !!str 123
        client-id: !!str c
        tenant-id: "t"
      name: !!str azure
""")
    seed("complex-keys", SPN, HEAD + """\
- ? name
  : a
  ? user
  : ? auth-provider
    : config: {apiserver-id: s, client-id: c, tenant-id: t}
      name: azure
""")
    seed("comments-64-in-block", DEVICECODE, kubeconfig(legacy("a").replace(
        "config:\n", "config:\n" + "".join("        # comment %d\n" % i for i in range(64)))))
    seed("comments-63-in-block", DEVICECODE, kubeconfig(legacy("a").replace(
        "config:\n", "config:\n" + "".join("        # comment %d\n" % i for i in range(63)))))
    seed("comments-everywhere", MSI, kubeconfig(legacy("a")).replace("\n", " # c\n").replace("- name: a # c", "#\n- name: a #"))
    seed("exec-and-auth-provider", INTERACTIVE, HEAD + """\
- name: a
  user:
    exec:
      command: kubelogin
      args: [get-token, --login, msi]
    auth-provider:
      config: {apiserver-id: s, client-id: c, tenant-id: t}
      name: azure
""")
    seed("exec-args-odd", DEVICECODE, HEAD + """\
- name: a
  user:
    exec:
      command: kubelogin
      args:
      - get-token
      - --server-id
      - --client-id=x
      - --tenant-id
      -
      - --login
      - [nested]
      - --pop-enabled
      - --pop-claims
      - u=1
      - --legacy
""")
    seed("null-and-empty-values", AZURECLI, HEAD + """\
- name: a
  user:
    auth-provider:
      config:
        apiserver-id: ~
        client-id:
        tenant-id: ''
      name: azure
- name: b
  user:
    auth-provider: null
- name: c
  user: {}
- name: d
""")
    seed("duplicate-keys-in-config", SPN, kubeconfig(legacy("a").replace("config:\n", "config:\n        client-id: first\n")))
    seed("four-space-indent-tabs", MSI, kubeconfig(legacy("a")).replace("  ", "    "))
    seed("long-line-64k", DEVICECODE, kubeconfig(legacy("a")) + "# " + "x" * 65536 + "\n")
    line_seeds()
    seed("empty", DEVICECODE, b"")
    seed("whitespace-only", DEVICECODE, " \n\t\n\r\n")


# ---- several converted users on one line --------------------------------------
# Users as flow mappings; `kind` picks what the user holds.
def flow_user(name, kind, json):
    q = (lambda s: '"%s"' % s) if json else (lambda s: s)
    sep = ":" if json else ": "
    def m(pairs):
        return "{" + ", ".join(q(k) + sep + v for k, v in pairs) + "}"
    cfg = m([("apiserver-id", q("s-" + name)), ("client-id", q("c")), ("tenant-id", q("t"))] +
            ([("config-mode", q("1"))] if name.endswith("1") else []))
    ap = ("auth-provider", m([("name", q("azure")), ("config", cfg)]))
    args = "[" + ", ".join(q(a) for a in ["get-token", "--login", "devicecode", "--server-id", "s",
                                          "--client-id", "c", "--tenant-id", "t"]) + "]"
    ex = ("exec", m([("command", q("kubelogin")), ("args", args)]))
    other = ("username", q("u-" + name))
    user = {"legacy": [ap], "exec": [ex], "both": [ap, ex], "both-exec-first": [ex, other, ap],
            "untouched": [other]}[kind]
    return m([("name", q(name)), ("user", m(user))])


def users_line(users, json, breaks_every=0, nl="\n"):
    """A kubeconfig whose users list is flow style, breaks_every users per line
    (0: the whole list on one line)."""
    parts = []
    for i, u in enumerate(users):
        if i:
            parts.append("," + (nl + "  " if breaks_every and i % breaks_every == 0 else " "))
        parts.append(u)
    body = "".join(parts)
    if json:
        return '{"apiVersion": "v1", "kind": "Config", "users": [' + body + "]}"
    return "apiVersion: v1" + nl + "kind: Config" + nl + "users: [" + body + "]"


def line_seeds():
    # half of them without users holding both keys (a removal): a refused
    # removal must not hide the rest
    mixed = ["legacy", "exec", "untouched", "both", "legacy", "both-exec-first", "exec", "legacy"]
    plain = ["legacy", "exec", "legacy", "untouched", "exec", "legacy"]
    for count in (2, 3, 8, 40):
        for json in (0, 1):
            for breaks in (0, 2, 3):
                for nl, nl_name in (("\n", "lf"), ("\r\n", "crlf"), ("\r", "cr")):
                    if breaks == 0 and nl != "\n" and count != 3:
                        continue  # one line: the break only shows at the end
                    for final in (1, 0):
                        kinds = mixed if (breaks + final) % 2 else plain
                        users = [flow_user("u%d" % i, kinds[(i + count) % len(kinds)], json)
                                 for i in range(count)]
                        text = users_line(users, json, breaks, nl) + (nl if final else "")
                        if json:
                            text = text.replace(", ", ",") if count % 2 else text
                        name = "line-%s-%d-users-%s-%s%s" % ("json" if json else "flow", count,
                                                            "one-line" if not breaks else "by-%d" % breaks,
                                                            nl_name, "" if final else "-no-final-newline")
                        opt = (count + breaks + json) % 5
                        seed(name, opt, text)
                        if count in (3, 8) and final:
                            seed(name + "-to-azure", AZURE + DEVICECODE, text)
    # a comment inside the span of a user that ends on the next one's line
    seed("line-flow-comments-shared-line", AZURECLI, """\
users: [
  {name: a, user: {auth-provider: {name: azure, config: {
      apiserver-id: s,   # server
      client-id: c,
      tenant-id: t}}}}, {name: b, user: {auth-provider: {name: azure, # b's
         config: {apiserver-id: s, client-id: c, tenant-id: t}}}},
  {name: c, user: {exec: {command: kubelogin, args: [get-token]}, auth-provider: {name: azure, config: {apiserver-id: s, client-id: c, tenant-id: t}}}}
]
""")
    ex = "exec: {command: kubelogin, args: [get-token, --server-id, s, --client-id, c, --tenant-id, t]}"
    seed("line-flow-removal-empty-values", SPN,
         "users: [{name: a, user: {%s, auth-provider}}, {name: b, user: {%s, auth-provider: , token: x}}, "
         "{name: c, user: {auth-provider: {name: azure, config: {apiserver-id: s, client-id: c, tenant-id: t}}, "
         "exec: }}]\n" % (ex, ex))
    seed("line-json-with-secrets", DEVICECODE,
         '{"users":[{"name":"a","user":{"auth-provider":{"name":"azure","config":{"apiserver-id":"s",'
         '"client-id":"c","tenant-id":"t","access-token":"SECRET"}}}},{"name":"b","user":{"auth-provider":'
         '{"name":"azure","config":{"apiserver-id":"s","client-id":"c","tenant-id":"t","refresh-token":"R"}}}}]}')


KC_DEPTH = 1000

JSON_PRETTY = """\
{
    "kind": "Config",
    "apiVersion": "v1",
    "clusters": [
        {"name": "aks", "cluster": {"server": "https://aks.example.com:443"}}
    ],
    "users": [
        {
            "name": "a",
            "user": {
                "auth-provider": {
                    "name": "azure",
                    "config": {
                        "apiserver-id": "s",
                        "client-id": "c",
                        "tenant-id": "t",
                        "config-mode": "1"
                    }
                }
            }
        },
        {
            "name": "b",
            "user": {"token": "x"}
        }
    ]
}
"""

JSON_EXEC = """\
{
  "kind": "Config",
  "users": [
    {
      "name": "a",
      "user": {
        "exec": {
          "apiVersion": "client.authentication.k8s.io/v1beta1",
          "command": "kubelogin",
          "args": ["get-token", "--login", "azurecli", "--server-id", "s"]
        }
      }
    }
  ]
}
"""

if __name__ == "__main__":
    main()
