#!/usr/bin/env bash
# Installs the system packages weigai needs on a fresh Debian machine, only when missing.
set -euo pipefail

need=()
pkg-config --exists libzip 2>/dev/null || need+=(libzip-dev)
pkg-config --exists libxml-2.0 2>/dev/null || need+=(libxml2-dev)
pkg-config --exists jemalloc 2>/dev/null || need+=(libjemalloc-dev)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
command -v zip >/dev/null 2>&1 || need+=(zip)
pkg-config --exists sqlite3 2>/dev/null || need+=(libsqlite3-dev)
command -v sqlite3 >/dev/null 2>&1 || need+=(sqlite3)

if [ ${#need[@]} -gt 0 ]; then
  echo "bootstrap: installing ${need[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

command -v swift >/dev/null 2>&1 || { echo "bootstrap: swift is not on PATH (Swift 6.x is required)" >&2; exit 1; }
