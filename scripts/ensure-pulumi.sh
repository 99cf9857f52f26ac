#!/usr/bin/env bash
# ensure-pulumi.sh: provide the Pulumi CLI v3.248.0, a Node.js language host
# (pulumi-language-nodejs), the YAML language host (pulumi-language-yaml v1.25.0) and the
# dynamic-provider launcher (pulumi-resource-pulumi-nodejs) on this machine, with no downloads
# other than Go modules.
#
#   bin="$(scripts/ensure-pulumi.sh | tail -n 1)" && export PATH="$bin:$PATH"
#
# The last stdout line is the absolute bin directory; progress goes to stderr.
# Order: a `pulumi` v3.248.0 with `pulumi-language-nodejs` and `pulumi-language-yaml` already on PATH (its dir, or
# $REPO/.cache/pulumi/path-bin with links and the launcher when PATH lacks the launcher); else the
# cache $REPO/.cache/pulumi/bin (git-ignored); else a build with Go into that cache (about 10
# minutes on 2 cores with a cold Go build cache). Safe to re-run; concurrent runs wait on a lock.
#
# Language host: the upstream module github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
# (untagged, pseudo-version at the v3.248.0 commit) is tried first. Where the module proxy does
# not serve it, a minimal host generated below is built instead (runs programs and plugins via
# @pulumi/pulumi's cmd/run and cmd/run-plugin; no plugin discovery from node_modules, no codegen).
# $BIN/pulumi-language-nodejs.flavor says which one is installed.
#
# Environment for running the CLI offline:
#   PULUMI_SKIP_UPDATE_CHECK=true
#   PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
#   PULUMI_BACKEND_URL=file://<state dir>   PULUMI_CONFIG_PASSPHRASE=   PULUMI_HOME=<dir>
#
# Knobs: GO=<go binary> (default /usr/local/go/bin/go, else go on PATH);
#        ENSURE_PULUMI_REBUILD=1 ignores PATH and the cache and rebuilds.
set -euo pipefail

PULUMI_VERSION=3.248.0
PKG_MOD=github.com/pulumi/pulumi/pkg/v3
SDK_MOD=github.com/pulumi/pulumi/sdk/v3
NODEJS_HOST_MOD=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
# The YAML language host: a module of its own, served by the proxy, built with `go install` (~1-4 min).
YAML_HOST_MOD=github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
YAML_HOST_VERSION=1.25.0
VERSION_VAR=github.com/pulumi/pulumi/sdk/v3/go/common/version.Version
MIN_GO=1.25.11 # the `go` line of pkg/v3's go.mod at v3.248.0

export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
CACHE="$REPO/.cache/pulumi"
BIN="$CACHE/bin"
BUILD="$CACHE/build"

log() { printf 'ensure-pulumi: %s\n' "$*" >&2; }
die() { printf 'ensure-pulumi: error: %s\n' "$*" >&2; exit 1; }

# Prints the version reported by a pulumi binary (empty if it does not run).
pulumi_version_of() {
  "$1" version 2>/dev/null | head -n 1 | tr -d '[:space:]' || true
}

# The dynamic-provider plugin: the engine starts it with the program directory as cwd, so the
# program's own @pulumi/pulumi is used when it has one, else the repo's.
write_launcher() {
  local dir="$1" file="$1/pulumi-resource-pulumi-nodejs" content
  content="#!/bin/sh
d=./node_modules/@pulumi/pulumi/cmd/dynamic-provider; [ -d \"\$d\" ] || d='$REPO/node_modules/@pulumi/pulumi/cmd/dynamic-provider'
exec node \"\$d/index.js\" \"\$@\""
  if [ ! -x "$file" ] || [ "$(cat "$file")" != "$content" ]; then
    printf '%s\n' "$content" >"$file.tmp"
    chmod 755 "$file.tmp"
    mv -f "$file.tmp" "$file"
  fi
}

# 1. Already on PATH?
if [ "${ENSURE_PULUMI_REBUILD:-}" != 1 ] && path_pulumi="$(command -v pulumi 2>/dev/null)" &&
  [ "$(pulumi_version_of "$path_pulumi")" = "v$PULUMI_VERSION" ] &&
  path_host="$(command -v pulumi-language-nodejs 2>/dev/null)" &&
  path_yaml_host="$(command -v pulumi-language-yaml 2>/dev/null)"; then
  path_bin="$(cd "$(dirname "$path_pulumi")" && pwd -P)"
  if command -v pulumi-resource-pulumi-nodejs >/dev/null 2>&1; then
    log "using pulumi v$PULUMI_VERSION from PATH ($path_bin)"
    echo "$path_bin"
    exit 0
  fi
  # No dynamic-provider launcher beside it: link PATH's binaries into a dir of their own with one.
  link_bin="$CACHE/path-bin"
  mkdir -p "$link_bin"
  ln -sfn "$(readlink -f "$path_pulumi")" "$link_bin/pulumi"
  ln -sfn "$(readlink -f "$path_host")" "$link_bin/pulumi-language-nodejs"
  ln -sfn "$(readlink -f "$path_yaml_host")" "$link_bin/pulumi-language-yaml"
  write_launcher "$link_bin"
  log "using pulumi v$PULUMI_VERSION from PATH ($path_bin), linked into $link_bin with the dynamic-provider launcher"
  echo "$link_bin"
  exit 0
fi

mkdir -p "$BIN" "$BUILD"
exec 9>"$CACHE/.lock"
if command -v flock >/dev/null 2>&1; then
  flock 9 || die "could not lock $CACHE/.lock"
fi

# Bump when the generated minimal host's source changes, so cached builds of it are replaced.
MINIMAL_HOST_REV=2

cache_ok() {
  [ -x "$BIN/pulumi" ] && [ -x "$BIN/pulumi-language-nodejs" ] && yaml_host_ok &&
    [ "$(pulumi_version_of "$BIN/pulumi")" = "v$PULUMI_VERSION" ]
}

# The YAML host's version is recorded beside it when it is built (it reports none of its own).
yaml_host_ok() {
  [ -x "$BIN/pulumi-language-yaml" ] &&
    [ "$(cat "$BIN/pulumi-language-yaml.version" 2>/dev/null)" = "v$YAML_HOST_VERSION" ]
}

# A minimal host from an older revision of this script is stale: remove it so it is rebuilt.
if grep -q '^minimal' "$BIN/pulumi-language-nodejs.flavor" 2>/dev/null &&
  ! grep -q "^minimal rev $MINIMAL_HOST_REV " "$BIN/pulumi-language-nodejs.flavor"; then
  log "the cached minimal language host is from an older revision; rebuilding it"
  rm -f "$BIN/pulumi-language-nodejs"
fi

# 2. Cached build?
if [ "${ENSURE_PULUMI_REBUILD:-}" != 1 ] && cache_ok; then
  write_launcher "$BIN"
  log "using cached pulumi v$PULUMI_VERSION ($BIN; language host: $(cat "$BIN/pulumi-language-nodejs.flavor" 2>/dev/null || echo unknown))"
  echo "$BIN"
  exit 0
fi

# 3. Build with Go from the module proxy.
GO="${GO:-}"
if [ -z "$GO" ]; then
  if [ -x /usr/local/go/bin/go ]; then GO=/usr/local/go/bin/go; else GO="$(command -v go || true)"; fi
fi
[ -n "$GO" ] || die "Go not found (looked at /usr/local/go/bin/go and PATH); set GO=/path/to/go"
[ -x "$GO" ] || die "Go not found at '$GO'"
go_version="$("$GO" env GOVERSION 2>/dev/null)" || die "'$GO env GOVERSION' failed"
go_version="${go_version#go}"
if [ "$(printf '%s\n%s\n' "$MIN_GO" "$go_version" | sort -V | head -n 1)" != "$MIN_GO" ]; then
  die "Go $go_version is too old: pulumi v$PULUMI_VERSION needs Go >= $MIN_GO"
fi
log "building with Go $go_version ($GO)"
export GOTOOLCHAIN=local GOWORK=off GOFLAGS="-mod=mod -buildvcs=false"

LDFLAGS="-s -w -X $VERSION_VAR=v$PULUMI_VERSION"

# Prints the value of a string field ("Key": "value") from `go mod download -json` output.
json_field() { sed -n "s/^[[:space:]]*\"$1\": \"\\([^\"]*\\)\".*/\\1/p" | head -n 1; }

# Non-local `replace` directives of pkg/v3's go.mod (the clipboard fork); `go build` of a
# dependency ignores them, so the wrapper module repeats them.
pkg_json="$("$GO" mod download -json "$PKG_MOD@v$PULUMI_VERSION")" ||
  die "could not download $PKG_MOD@v$PULUMI_VERSION from the Go module proxy"
pkg_gomod="$(printf '%s\n' "$pkg_json" | json_field GoMod)"
[ -f "$pkg_gomod" ] || die "go.mod of $PKG_MOD@v$PULUMI_VERSION not found in the module cache"
pkg_replaces="$(awk '
  /^replace[[:space:]]*\(/ { block = 1; next }
  block && /^[[:space:]]*\)/ { block = 0; next }
  { line = "" }
  block { line = $0 }
  !block && /^replace[[:space:]]/ { line = $0; sub(/^replace[[:space:]]+/, "", line) }
  line ~ /=>/ {
    target = line; sub(/.*=>[[:space:]]*/, "", target)
    if (target !~ /^[.\/]/) { sub(/^[[:space:]]+/, "", line); print "replace " line }
  }' "$pkg_gomod")"

# Builds package $3 of wrapper module dir $1 into bin file $2 (atomically), timing it.
go_build() {
  local dir="$1" out="$2" pkg="$3" start end
  start=$(date +%s)
  log "go build $pkg (progress: $dir/build.log)"
  if ! (cd "$dir" && "$GO" build -trimpath -ldflags "$LDFLAGS" -o "$out.tmp" "$pkg") >"$dir/build.log" 2>&1; then
    rm -f "$out.tmp"
    tail -n 30 "$dir/build.log" >&2
    return 1
  fi
  mv -f "$out.tmp" "$out"
  end=$(date +%s)
  log "built $(basename "$out") in $((end - start))s ($(du -h "$out" | cut -f1))"
}

# 3a. The CLI.
if [ "${ENSURE_PULUMI_REBUILD:-}" = 1 ] || [ "$(pulumi_version_of "$BIN/pulumi")" != "v$PULUMI_VERSION" ]; then
  mkdir -p "$BUILD/cli"
  cat >"$BUILD/cli/go.mod" <<EOF
// Generated by scripts/ensure-pulumi.sh: builds the Pulumi CLI v$PULUMI_VERSION.
module pulumi-swr.local/build/pulumi-cli

go $MIN_GO

require (
	$PKG_MOD v$PULUMI_VERSION
	$SDK_MOD v$PULUMI_VERSION
)

$pkg_replaces
EOF
  go_build "$BUILD/cli" "$BIN/pulumi" "$PKG_MOD/cmd/pulumi" || die "building the pulumi CLI failed (see above)"
fi
[ "$(pulumi_version_of "$BIN/pulumi")" = "v$PULUMI_VERSION" ] ||
  die "$BIN/pulumi reports '$(pulumi_version_of "$BIN/pulumi")', expected v$PULUMI_VERSION"

# 3b. The upstream Node.js language host, at the commit tagged sdk/v3.248.0.
build_upstream_host() {
  local sdk_json commit host_version dir="$BUILD/nodejs-host-upstream"
  sdk_json="$("$GO" mod download -json "$SDK_MOD@v$PULUMI_VERSION")" || return 1
  commit="$(printf '%s\n' "$sdk_json" | json_field Hash)"
  [ -n "$commit" ] || { log "no commit hash for $SDK_MOD@v$PULUMI_VERSION"; return 1; }
  if ! host_version="$("$GO" list -m -f '{{.Version}}' "$NODEJS_HOST_MOD@$commit" 2>"$BUILD/nodejs-host-upstream.err")"; then
    log "upstream language host not available from the module proxy ($NODEJS_HOST_MOD@$commit):"
    sed 's/^/    /' "$BUILD/nodejs-host-upstream.err" >&2
    return 1
  fi
  log "upstream language host: $NODEJS_HOST_MOD $host_version"
  mkdir -p "$dir"
  # The host's go.mod points pkg and sdk at placeholder versions with local replaces; pin them.
  cat >"$dir/go.mod" <<EOF
// Generated by scripts/ensure-pulumi.sh: builds pulumi-language-nodejs at v$PULUMI_VERSION.
module pulumi-swr.local/build/pulumi-language-nodejs

go $MIN_GO

require (
	$NODEJS_HOST_MOD $host_version
	$PKG_MOD v$PULUMI_VERSION
	$SDK_MOD v$PULUMI_VERSION
)

replace $PKG_MOD => $PKG_MOD v$PULUMI_VERSION

replace $SDK_MOD => $SDK_MOD v$PULUMI_VERSION

$pkg_replaces
EOF
  go_build "$dir" "$BIN/pulumi-language-nodejs" "$NODEJS_HOST_MOD" || return 1
  echo "upstream $host_version" >"$BIN/pulumi-language-nodejs.flavor"
}

# 3c. Fallback: a minimal Node.js language host on the Go SDK of the same version.
build_minimal_host() {
  local dir="$BUILD/nodejs-host-minimal"
  mkdir -p "$dir"
  cat >"$dir/go.mod" <<EOF
// Generated by scripts/ensure-pulumi.sh: a minimal pulumi-language-nodejs.
module pulumi-swr.local/build/pulumi-language-nodejs-minimal

go $MIN_GO

require $SDK_MOD v$PULUMI_VERSION
EOF
  cat >"$dir/main.go" <<'EOF'
// Generated by scripts/ensure-pulumi.sh.
//
// pulumi-language-nodejs (minimal): a Node.js language host for the Pulumi engine. It runs
// programs and plugins with the Node SDK's own launchers, @pulumi/pulumi/cmd/run and
// cmd/run-plugin, found in the project's node_modules. Runtime options honoured:
// typescript (default true), tsconfig, nodeargs. It reports no required plugins (the engine
// loads providers on demand) and implements no code generation.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// Exit code of the Node launchers once they have reported the error to the user.
const exitLoggedError = 32

func pluginVersion() string { return strings.TrimPrefix(version.Version, "v") }

func main() {
	fs := flag.NewFlagSet("pulumi-language-nodejs", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: pulumi-language-nodejs [flags] ENGINE_ADDRESS\n\n"+
			"Minimal Pulumi language host for Node.js (version %s).\nFlags:\n", pluginVersion())
		fs.PrintDefaults()
	}
	fs.String("tracing", "", "tracing endpoint (ignored)")
	fs.Bool("logtostderr", false, "log to stderr (ignored)")
	fs.Bool("logflow", false, "flow logging settings (ignored)")
	fs.Int("v", 0, "log verbosity (ignored)")
	fs.String("root", "", "project root (ignored)")
	showVersion := fs.Bool("version", false, "print the version and exit")
	if err := fs.Parse(os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		os.Exit(2)
	}
	if *showVersion {
		fmt.Println(pluginVersion())
		return
	}
	host := &nodeHost{}
	if fs.NArg() > 0 {
		host.engineAddress = fs.Arg(0)
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "fatal: could not start the language host RPC server: %v\n", err)
		os.Exit(1)
	}
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "fatal: language host RPC server stopped: %v\n", err)
		os.Exit(1)
	}
}

type nodeHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	mu            sync.Mutex
	engineAddress string
}

func (h *nodeHost) engine() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.engineAddress
}

func (h *nodeHost) Handshake(_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		h.mu.Lock()
		h.engineAddress = req.GetEngineAddress()
		h.mu.Unlock()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *nodeHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: pluginVersion()}, nil
}

func (h *nodeHost) GetRequiredPlugins(context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *nodeHost) GetRequiredPackages(context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *nodeHost) GetProgramDependencies(context.Context, *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

func (h *nodeHost) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, errors.New("could not find node on PATH")
	}
	out, err := exec.Command(node, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("node --version: %w", err)
	}
	return &pulumirpc.AboutResponse{
		Executable: node,
		Version:    strings.TrimPrefix(strings.TrimSpace(string(out)), "v"),
	}, nil
}

type runtimeOptions struct {
	typescript bool
	tsconfig   string
	nodeargs   []string
}

func parseOptions(info *pulumirpc.ProgramInfo) runtimeOptions {
	opts := runtimeOptions{typescript: true}
	if info == nil || info.GetOptions() == nil {
		return opts
	}
	m := info.GetOptions().AsMap()
	if v, ok := m["typescript"].(bool); ok {
		opts.typescript = v
	}
	if v, ok := m["tsconfig"].(string); ok {
		opts.tsconfig = v
	}
	if v, ok := m["nodeargs"].(string); ok {
		opts.nodeargs = strings.Fields(v)
	}
	return opts
}

func (o runtimeOptions) env() []string {
	env := []string{"PULUMI_NODEJS_TYPESCRIPT=" + strconv.FormatBool(o.typescript)}
	if o.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+o.tsconfig)
	}
	return env
}

// findLauncher looks for node_modules/@pulumi/pulumi/cmd/<name> from dir upwards.
func findLauncher(dir, name string) (string, error) {
	for d := dir; ; {
		p := filepath.Join(d, "node_modules", "@pulumi", "pulumi", "cmd", name)
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("could not find node_modules/@pulumi/pulumi/cmd/%s in %s or above; "+
				"is @pulumi/pulumi installed (npm install)?", name, dir)
		}
		d = parent
	}
}

func programDir(info *pulumirpc.ProgramInfo, pwd string) string {
	if info != nil && info.GetProgramDirectory() != "" {
		return info.GetProgramDirectory()
	}
	if pwd != "" {
		return pwd
	}
	wd, _ := os.Getwd()
	return wd
}

func (h *nodeHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	dir := programDir(info, req.GetPwd())
	launcher, err := findLauncher(dir, "run")
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	opts := parseOptions(info)
	entry := "."
	if info != nil && info.GetEntryPoint() != "" {
		entry = info.GetEntryPoint()
	} else if req.GetProgram() != "" {
		entry = req.GetProgram()
	}

	args := append(append([]string{}, opts.nodeargs...), launcher)
	if req.GetOrganization() != "" {
		args = append(args, "--organization", req.GetOrganization())
	}
	args = append(args, "--project", req.GetProject(), "--stack", req.GetStack())
	if info != nil && info.GetRootDirectory() != "" {
		args = append(args, "--root-directory", info.GetRootDirectory())
	}
	args = append(args, "--pwd", dir, "--monitor", req.GetMonitorAddress())
	if engine := h.engine(); engine != "" {
		args = append(args, "--engine", engine)
	}
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	if req.GetParallel() > 0 {
		args = append(args, "--parallel", strconv.Itoa(int(req.GetParallel())))
	}
	args = append(append(args, entry), req.GetArgs()...)

	// A stack without config has a nil map, which marshals to "null"; the Node SDK wants an object.
	configMap := req.GetConfig()
	if configMap == nil {
		configMap = map[string]string{}
	}
	config, err := json.Marshal(configMap)
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secrets, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}

	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"PULUMI_CONFIG="+string(config), "PULUMI_CONFIG_SECRET_KEYS="+string(secrets))
	cmd.Env = append(cmd.Env, opts.env()...)
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run node: %v", err)}, nil
		}
		if exitErr.ExitCode() == exitLoggedError {
			return &pulumirpc.RunResponse{Bail: true}, nil
		}
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
		}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// lockedWriter forwards a child's output over a server stream: a gRPC stream takes one
// sender at a time, and exec copies stdout and stderr concurrently.
type lockedWriter struct {
	mu   *sync.Mutex
	send func([]byte) error
}

func (w lockedWriter) Write(p []byte) (int, error) {
	b := append([]byte(nil), p...)
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.send(b); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (h *nodeHost) RunPlugin(req *pulumirpc.RunPluginRequest,
	server grpc.ServerStreamingServer[pulumirpc.RunPluginResponse],
) error {
	info := req.GetInfo()
	dir := programDir(info, req.GetPwd())
	launcher, err := findLauncher(dir, "run-plugin")
	if err != nil {
		return err
	}
	opts := parseOptions(info)
	args := append(append([]string{}, opts.nodeargs...), launcher, "--pwd", dir, ".")
	args = append(args, req.GetArgs()...)

	mu := &sync.Mutex{}
	cmd := exec.CommandContext(server.Context(), "node", args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), req.GetEnv()...), opts.env()...)
	cmd.Stdout = lockedWriter{mu: mu, send: func(b []byte) error {
		return server.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: b}})
	}}
	cmd.Stderr = lockedWriter{mu: mu, send: func(b []byte) error {
		return server.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: b}})
	}}
	code := int32(0)
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			return fmt.Errorf("could not run node: %w", err)
		}
		code = int32(exitErr.ExitCode())
	}
	return server.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: code}})
}

func (h *nodeHost) InstallDependencies(req *pulumirpc.InstallDependenciesRequest,
	server grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	dir := req.GetDirectory()
	if info := req.GetInfo(); info != nil && info.GetProgramDirectory() != "" {
		dir = info.GetProgramDirectory()
	}
	mu := &sync.Mutex{}
	cmd := exec.Command("npm", "install")
	cmd.Dir = dir
	cmd.Stdout = lockedWriter{mu: mu, send: func(b []byte) error {
		return server.Send(&pulumirpc.InstallDependenciesResponse{Stdout: b})
	}}
	cmd.Stderr = lockedWriter{mu: mu, send: func(b []byte) error {
		return server.Send(&pulumirpc.InstallDependenciesResponse{Stderr: b})
	}}
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm install failed in %s: %w", dir, err)
	}
	return nil
}
EOF
  go_build "$dir" "$BIN/pulumi-language-nodejs" . || return 1
  echo "minimal rev $MINIMAL_HOST_REV (generated by scripts/ensure-pulumi.sh; upstream host not served by the module proxy)" \
    >"$BIN/pulumi-language-nodejs.flavor"
}

if [ "${ENSURE_PULUMI_REBUILD:-}" = 1 ] || [ ! -x "$BIN/pulumi-language-nodejs" ]; then
  if ! build_upstream_host; then
    log "falling back to the minimal Node.js language host"
    build_minimal_host || die "building the Node.js language host failed (see above)"
  fi
fi

# 3c. The YAML language host, for the YAML examples (`runtime: yaml`).
build_yaml_host() {
  local dir="$BUILD/yaml-host" start end
  mkdir -p "$dir"
  start=$(date +%s)
  log "go install $YAML_HOST_MOD@v$YAML_HOST_VERSION (progress: $dir/build.log)"
  if ! GOBIN="$dir/bin" "$GO" install -trimpath -ldflags "-s -w" "$YAML_HOST_MOD@v$YAML_HOST_VERSION" \
    >"$dir/build.log" 2>&1; then
    tail -n 30 "$dir/build.log" >&2
    return 1
  fi
  mv -f "$dir/bin/pulumi-language-yaml" "$BIN/pulumi-language-yaml"
  echo "v$YAML_HOST_VERSION" >"$BIN/pulumi-language-yaml.version"
  end=$(date +%s)
  log "built pulumi-language-yaml in $((end - start))s ($(du -h "$BIN/pulumi-language-yaml" | cut -f1))"
}

if [ "${ENSURE_PULUMI_REBUILD:-}" = 1 ] || ! yaml_host_ok; then
  build_yaml_host || die "building the YAML language host failed (see above)"
fi

write_launcher "$BIN"
cache_ok || die "the build finished but $BIN is incomplete"
log "pulumi v$PULUMI_VERSION ready in $BIN (language hosts: nodejs $(cat "$BIN/pulumi-language-nodejs.flavor"), yaml v$YAML_HOST_VERSION)"
echo "$BIN"
