/**
 * Renders a set of services, each pinned to one image, as the files a deployment tool reads: a
 * docker-compose file and Kubernetes manifests. Pure functions of their arguments, so a preview and
 * an update of the same images render the same text.
 */

/** One service of the deployment and the image it runs. */
export interface PinnedService {
  /** The service name: a DNS label (lowercase letters, digits, `-`), as Kubernetes requires. */
  readonly name: string;
  /** What the container runs: `{path}@{digest}`, the image the tag named when the stack was deployed. */
  readonly image: string;
  /** Where the digest came from, `{path}:{tag}`: for people reading the manifests. */
  readonly source: string;
  /** The port the container listens on, published as the same port; none for workers. */
  readonly port?: number;
  /** How many replicas Kubernetes runs. */
  readonly replicas: number;
}

// JSON strings are YAML strings, so every value the config or the registry supplies is quoted this way.
const quote = (value: string): string => JSON.stringify(value);

/**
 * A docker-compose file running each service from its pinned image, services in the order given.
 *
 * @example
 * renderCompose([{ name: "web", image: "swr.…/shop/web@sha256:…", source: "swr.…/shop/web:1.5.0", port: 8080, replicas: 1 }]);
 */
export function renderCompose(services: readonly PinnedService[]): string {
  const lines = ["# Rendered by the swr-image-paths stack: every image pinned by digest.", "services:"];
  for (const service of services) {
    lines.push(`  ${service.name}:`, `    # ${service.source}`, `    image: ${quote(service.image)}`);
    if (service.port !== undefined)
      lines.push("    ports:", `      - ${quote(`${service.port}:${service.port}`)}`);
  }
  return lines.join("\n") + "\n";
}

/**
 * Kubernetes manifests: a Deployment for each service and a Service for each one with a port, as one
 * multi-document YAML text for `kubectl apply -f -`.
 */
export function renderKubernetes(services: readonly PinnedService[]): string {
  const documents = services.flatMap((service) => {
    const labels = [`      app: ${quote(service.name)}`];
    const deployment = [
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata:",
      `  name: ${quote(service.name)}`,
      "  annotations:",
      `    pulumi-swr/source: ${quote(service.source)}`,
      "spec:",
      `  replicas: ${service.replicas}`,
      "  selector:",
      "    matchLabels:",
      ...labels,
      "  template:",
      "    metadata:",
      "      labels:",
      ...labels.map((line) => "  " + line),
      "    spec:",
      "      containers:",
      `        - name: ${quote(service.name)}`,
      `          image: ${quote(service.image)}`,
      ...(service.port === undefined
        ? []
        : ["          ports:", `            - containerPort: ${service.port}`]),
    ];
    if (service.port === undefined) return [deployment];
    const exposed = [
      "apiVersion: v1",
      "kind: Service",
      "metadata:",
      `  name: ${quote(service.name)}`,
      "spec:",
      "  selector:",
      `    app: ${quote(service.name)}`,
      "  ports:",
      `    - port: ${service.port}`,
      `      targetPort: ${service.port}`,
    ];
    return [deployment, exposed];
  });
  return documents.map((lines) => lines.join("\n") + "\n").join("---\n");
}
