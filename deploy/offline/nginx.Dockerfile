# A stand-in for nginx:1.28-bookworm where Docker Hub cannot be reached. deploy/nginx.conf needs
# nginx 1.27.3 or later (`resolve` on an upstream server, so new web replicas are found), which
# Debian 12 does not have: this takes nginx (1.30) and curl from Debian's next release, forky.
# Built by deploy/offline/build-images.sh. (Debian's mirror as this machine sees it may be a
# snapshot whose forky Release file has passed its Valid-Until date, hence the option.)
FROM altprov-offline/debian:bookworm
RUN rm -f /etc/apt/sources.list \
    && printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: forky\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
        > /etc/apt/sources.list.d/debian.sources \
    && apt-get -o Acquire::Check-Valid-Until=false update \
    && apt-get install -y --no-install-recommends nginx curl ca-certificates \
    && rm -rf /var/lib/apt/lists/*
EXPOSE 80 443
CMD ["nginx", "-g", "daemon off;"]
