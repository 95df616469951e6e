# The facade as a container image: built in a Rust image, run from a small Debian one as a
# user without privileges. It carries the repository's wsdl/ and mappings/ (the demo); mount
# your own over /etc/soapfig/wsdl and /etc/soapfig/mappings, and a route table with --routes
# (deploy/kubernetes/ does both).
#
#   docker build -t soapfig .
#   docker run -p 8080:8080 soapfig
FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p soapfig

FROM debian:bookworm-slim
# CA certificates for https backends; nothing else.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin soapfig
COPY --from=build /src/target/release/soapfig /usr/local/bin/soapfig
COPY wsdl /etc/soapfig/wsdl
COPY mappings /etc/soapfig/mappings
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/soapfig"]
CMD ["--listen", "0.0.0.0:8080", "--wsdl-dir", "/etc/soapfig/wsdl", "--mappings-dir", "/etc/soapfig/mappings", "--log-format", "json"]
