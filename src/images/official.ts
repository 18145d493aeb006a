// Docker Hub's official images: the names under `library/` in docker-library/official-images, current and
// retired (retired images can still be pulled). A one-word image name outside this list cannot be pulled
// from Docker Hub: it is an image built locally or earlier in the same pipeline (`build_deps:latest`), which
// a version tag or digest in this file cannot pin.
import type { ImageRef } from "./ref.js";

const OFFICIAL_IMAGES: ReadonlySet<string> = new Set([
  "adminer", "adoptopenjdk", "aerospike", "almalinux", "alpine", "alt", "amazoncorretto", "amazonlinux",
  "api-firewall", "arangodb", "archlinux", "azul-zulu", "backdrop", "bash", "bonita", "buildpack-deps", "busybox",
  "caddy", "cassandra", "celery", "centos", "chronograf", "cirros", "clearlinux", "clefos", "clickhouse", "clojure",
  "composer", "consul", "convertigo", "couchbase", "couchdb", "couchdb-nouveau", "crate", "crux", "dart", "debian",
  "django", "docker", "docker-dev", "drupal", "eclipse-mosquitto", "eclipse-temurin", "eggdrop", "elasticsearch",
  "elixir", "emqx", "erlang", "espocrm", "euleros", "express-gateway", "fedora", "flink", "fluentd", "friendica",
  "fsharp", "gazebo", "gcc", "geonetwork", "ghost", "glassfish", "golang", "gradle", "groovy", "haproxy", "haskell",
  "haxe", "hello-seattle", "hello-world", "hipache", "hitch", "hola-mundo", "httpd", "hylang", "ibm-semeru-runtimes",
  "ibmjava", "influxdb", "iojs", "irssi", "java", "jenkins", "jetty", "jobber", "joomla", "jruby", "julia",
  "kaazing-gateway", "kapacitor", "kibana", "known", "kong", "krakend", "lightstreamer", "lightstreamer-server",
  "liquibase", "logstash", "mageia", "mariadb", "matomo", "maven", "mediawiki", "memcached", "mongo",
  "mongo-express", "monica", "mono", "mosquitto", "mysql", "nats", "nats-streaming", "neo4j", "neurodebian",
  "nextcloud", "nginx", "nim", "node", "notary", "notary-server", "notary-signer", "nuxeo", "odoo", "open-liberty",
  "openjdk", "opensuse", "oraclelinux", "orientdb", "owncloud", "percona", "perl", "photon", "php", "php-zendserver",
  "phpmyadmin", "piwik", "plone", "postfixadmin", "postgres", "pypy", "python", "r-base", "rabbitmq", "rails",
  "rakudo-star", "rapidoid", "redis", "redmine", "registry", "rethinkdb", "rocket.chat", "rockylinux", "ros", "ruby",
  "rust", "sapmachine", "satosa", "sentry", "silverpeas", "sl", "solr", "sonarqube", "sourcemage", "spark", "spiped",
  "storm", "swarm", "swift", "swipl", "teamspeak", "telegraf", "thrift", "tomcat", "tomee", "traefik", "ubuntu",
  "ubuntu-debootstrap", "ubuntu-upstart", "unit", "varnish", "vault", "websphere-liberty", "wordpress", "xwiki",
  "yourls", "zend-php", "znc", "zookeeper",
]);

/** A Docker Hub name without a namespace that no official image has: a local or pipeline-built image. */
export function isLocalImageName(ref: ImageRef): boolean {
  return ref.registry === undefined && !ref.repository.includes("/") && ref.digest === undefined && !OFFICIAL_IMAGES.has(ref.repository);
}
