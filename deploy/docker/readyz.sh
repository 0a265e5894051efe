#!/bin/bash
# The container's healthcheck: GET /readyz of the process in it over bash's /dev/tcp, so a check
# costs a shell for a few milliseconds, not a node process (the slim image has no curl).
port=${PORT:-${GATEWAY_PORT:-8080}}
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET /readyz HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
IFS= read -r -t 2 status <&3 || exit 1
[[ ${status} == HTTP/1.?' 200 '* ]]
