#!/usr/bin/env bash
# Part of `npm test`: the tests run a real PostgreSQL server and a real headless Chromium, both
# from Debian's own packages (never a download from elsewhere). Missing ones are installed when
# this runs as root, as on CI; otherwise the run stops here and says exactly what to install.
set -euo pipefail

need=()
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || need+=(postgresql)
command -v chromium >/dev/null || [[ -x /usr/bin/chromium ]] || need+=(chromium)
((${#need[@]})) || exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "The tests need Debian packages that are not installed: ${need[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${need[*]}   (then run npm test again)" >&2
  exit 1
fi
echo "Installing Debian packages the tests need: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
