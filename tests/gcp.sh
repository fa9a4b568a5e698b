#!/bin/bash
# End to end for the gcp provider: kubectl refuses the legacy file with its
# "gcp auth plugin has been removed" message; after `kubeconvert --provider
# gcp` kubectl runs a stand-in gke-gcloud-auth-plugin (the absolute one next
# to the legacy cmd-path's gcloud, and the one on PATH for a bare gcloud) and
# a loopback HTTPS server sees each stand-in's token.
# Usage: tests/gcp.sh PATH/TO/kubeconvert. Closes with "N passed, M failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
need_bin "${1:?usage: $0 PATH/TO/kubeconvert}"

for tool in kubectl openssl python3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "skipped: $tool is not installed"
		summary
		exit
	fi
done

tmp=$(mktemp -d)
server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# A self-signed certificate for 127.0.0.1, and a server that logs every
# Authorization header it sees and answers an empty pod list. It stops by
# itself after 60 seconds, whatever happens to this script.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 -keyout "$tmp/key.pem" -out "$tmp/cert.pem" \
	>/dev/null 2>&1 || { fail "openssl made no certificate"; summary; exit; }
cat >"$tmp/server.py" <<'EOF'
import http.server, ssl, sys, threading
log = open(sys.argv[3], "a")
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        log.write("%s %s\n" % (self.path, self.headers.get("Authorization", "")))
        log.flush()
        body = b'{"kind":"PodList","apiVersion":"v1","metadata":{},"items":[]}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
server.socket = ctx.wrap_socket(server.socket, server_side=True)
open(sys.argv[4], "w").write(str(server.server_address[1]))
threading.Timer(60, server.shutdown).start()
server.serve_forever()
EOF
python3 "$tmp/server.py" "$tmp/cert.pem" "$tmp/key.pem" "$tmp/requests.log" "$tmp/port" &
server_pid=$!
for _ in $(seq 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
if [ ! -s "$tmp/port" ]; then
	fail "the HTTPS server did not start"
	summary
	exit
fi
port=$(cat "$tmp/port")

# Stand-ins: an ExecCredential with a token naming which one ran.
stand_in() {
	mkdir -p "$(dirname "$1")"
	cat >"$1" <<EOF
#!/bin/sh
printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"%s"}}\n' '$2'
EOF
	chmod +x "$1"
}
stand_in "$tmp/sdk/bin/gke-gcloud-auth-plugin" sdk-plugin-token
stand_in "$tmp/path/gke-gcloud-auth-plugin" path-plugin-token

ca=$(base64 -w0 <"$tmp/cert.pem")
cat >"$tmp/config" <<EOF
apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: $ca
    server: https://127.0.0.1:$port
  name: loop
contexts:
- context: {cluster: loop, user: sdk}
  name: sdk
- context: {cluster: loop, user: bare}
  name: bare
current-context: sdk
users:
# as gcloud container clusters get-credentials wrote it before the plugin
- name: sdk
  user:
    auth-provider:
      config:
        access-token: ya29.legacyCACHEDtoken
        cmd-args: config config-helper --format=json
        cmd-path: $tmp/sdk/bin/gcloud
        expiry: "2022-10-05T16:41:18Z"
        expiry-key: '{.credential.token_expiry}'
        token-key: '{.credential.access_token}'
      name: gcp
- name: bare
  user:
    auth-provider:
      config: {cmd-args: config config-helper --format=json, cmd-path: gcloud}
      name: gcp
EOF

# kubectl as a user runs it: clean environment, the stand-in first on PATH.
run_kubectl() {
	env -i PATH="$tmp/path:$PATH" HOME="$tmp" timeout 30 kubectl --kubeconfig "$tmp/config" \
		--context "$1" get --raw /api/v1/namespaces/default/pods --request-timeout 10s
}

run_kubectl sdk >"$tmp/out" 2>"$tmp/err"
check "kubectl refuses the legacy gcp user" test $? -ne 0
check "kubectl names the removed gcp plugin" grep -qF 'The gcp auth plugin has been removed.' "$tmp/err"
check "kubectl points at gke-gcloud-auth-plugin" \
	grep -qF 'Please use the "gke-gcloud-auth-plugin" kubectl/client-go credential plugin instead.' "$tmp/err"

"$bin" --provider gcp -q "$tmp/config" >"$tmp/out" 2>"$tmp/err"
check "kubeconvert --provider gcp converts" test $? -eq 0
check "the cached access token is gone" lacks ya29.legacyCACHEDtoken "$tmp/config"
check "the plugin next to the legacy gcloud" grep -qF "command: $tmp/sdk/bin/gke-gcloud-auth-plugin" "$tmp/config"

for user in sdk bare; do
	: >"$tmp/requests.log"
	if run_kubectl "$user" >"$tmp/out" 2>"$tmp/err"; then pass; else fail "kubectl reads pods as $user" "$tmp/err"; fi
	token=$([ "$user" = sdk ] && echo sdk-plugin-token || echo path-plugin-token)
	check "the server saw $user's plugin token" grep -qF "Bearer $token" "$tmp/requests.log"
done

"$bin" --provider gcp --verbose "$tmp/config" >"$tmp/out" 2>"$tmp/err"
check "a second run changes nothing" grep -qF 'user "sdk": already gke-gcloud-auth-plugin' "$tmp/err"
summary
