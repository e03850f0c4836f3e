# Sourced by tests/setup.d/*.sh: apt_install PACKAGE... installs Debian packages as root or
# through sudo, with one clear line when neither apt-get nor the rights are there.
apt_install() {
    local caller packages
    caller="tests/setup.d/$(basename "$0")"
    packages="$(printf '%s ' "$@" | sed 's/--[a-z-]* //g')"
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "$caller: no apt-get; install ${packages% } by hand" >&2
        exit 1
    fi
    local run=()
    if [ "$(id -u)" -ne 0 ]; then
        if ! command -v sudo >/dev/null 2>&1; then
            echo "$caller: run as root (or with sudo) to apt-get install ${packages% }" >&2
            exit 1
        fi
        run=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${run[@]}" apt-get update -qq
    "${run[@]}" apt-get install -y -qq "$@" >/dev/null
}
