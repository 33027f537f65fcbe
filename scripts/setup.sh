#!/usr/bin/env bash
# setup.sh: install what is missing and build Quarry into build/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
quarry_install_packages
quarry_build build
echo "==> built $QUARRY_ROOT/build/server/quarry"
