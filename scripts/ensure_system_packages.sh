#!/usr/bin/env bash
# Install, only when missing, the Debian packages the test suite (and `make bench`) needs:
#   chromium           browser driven by the Playwright tests
#   poppler-utils      pdftotext & co., used to check generated PDFs
#   fonts-dejavu-core  fonts for WeasyPrint / Chromium rendering
#   libpango-1.0-0, libpangoft2-1.0-0   WeasyPrint's native libraries
#   wrk                the HTTP load tool of `make bench` (throughput of the list pages)
#   fonts-noto-core    optional: wider glyph coverage (a failure to install it is not fatal)
# Unattended: never prompts. Uses sudo (non-interactively) when not root.
set -euo pipefail

required=(chromium poppler-utils fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 wrk)
optional=(fonts-noto-core)

is_installed() {
    dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed$'
}

if ! command -v dpkg >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure_system_packages: not a Debian/Ubuntu system (no dpkg/apt-get); cannot check." >&2
    echo "ensure_system_packages: make sure these (or their equivalents) are installed:" >&2
    echo "    ${required[*]} ${optional[*]}" >&2
    exit 0
fi

missing_required=()
missing_optional=()
for pkg in "${required[@]}"; do
    is_installed "$pkg" || missing_required+=("$pkg")
done
for pkg in "${optional[@]}"; do
    is_installed "$pkg" || missing_optional+=("$pkg")
done

if [ ${#missing_required[@]} -eq 0 ] && [ ${#missing_optional[@]} -eq 0 ]; then
    echo "System packages: all present (${required[*]} ${optional[*]})."
    exit 0
fi

# How to run apt-get as root, without ever prompting.
if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    echo "ensure_system_packages: these Debian packages are missing and I am neither root nor allowed to sudo without a password." >&2
    echo "Install them, then re-run:" >&2
    echo "    sudo apt-get install --no-install-recommends ${missing_required[*]} ${missing_optional[*]}" >&2
    [ ${#missing_required[@]} -eq 0 ] && exit 0
    exit 1
fi

apt_install() {
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@"
}

echo "Installing missing system packages: ${missing_required[*]} ${missing_optional[*]}"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q

if ! apt_install "${missing_required[@]}" "${missing_optional[@]}"; then
    if [ ${#missing_optional[@]} -gt 0 ] && [ ${#missing_required[@]} -gt 0 ]; then
        echo "ensure_system_packages: retrying without the optional packages (${missing_optional[*]})" >&2
        apt_install "${missing_required[@]}"
    elif [ ${#missing_required[@]} -eq 0 ]; then
        echo "ensure_system_packages: warning: could not install optional ${missing_optional[*]}; continuing." >&2
    else
        exit 1
    fi
fi

for pkg in "${required[@]}"; do
    if ! is_installed "$pkg"; then
        echo "ensure_system_packages: $pkg is still not installed." >&2
        exit 1
    fi
done
echo "System packages: all required present (${required[*]})."
