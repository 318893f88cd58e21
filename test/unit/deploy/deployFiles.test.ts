/**
 * The Dockerfile, docker-compose.yml and deploy/kubernetes are what operators run, and nothing builds
 * or applies them here (no Docker daemon, no cluster). What can drift from the code is checked against
 * the code: the files parse, the port is the one the bot listens on, every probe and health check asks
 * a path the bot serves, every setting they pass is one the bot reads and .env.example documents, and
 * the container runs what `npm start` runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, parseAllDocuments } from 'yaml';

const ROOT = path.resolve(__dirname, '../../..');
const K8S_DIR = path.join(ROOT, 'deploy/kubernetes');

function read(file: string): string {
  return fs.readFileSync(path.join(ROOT, file), 'utf8');
}

/** Each file's documents, parsed strictly: a YAML error fails here, not at `kubectl apply`. */
function yamlDocuments(file: string): Record<string, any>[] {
  return parseAllDocuments(read(file)).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS() as Record<string, any>;
  });
}

const k8sFiles = fs
  .readdirSync(K8S_DIR)
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => `deploy/kubernetes/${name}`);
const k8s = k8sFiles.flatMap((file) => yamlDocuments(file));
const compose = yamlDocuments('docker-compose.yml')[0];

function manifestOf(kind: string): Record<string, any> {
  const found = k8s.filter((doc) => doc.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
}

const deployment = () => manifestOf('Deployment');
const container = () => deployment().spec.template.spec.containers[0];

/** The paths src/app/endpoints.ts serves. */
function servedPaths(): string[] {
  return [...read('src/app/endpoints.ts').matchAll(/^\s+'(\/[a-z]+)': \(/gm)].map((m) => m[1]);
}

/** PORT's default in src/config/env.ts. */
function defaultPort(): number {
  const match = /^\s+PORT: optionalText\s*\.transform\(\(v\) => \(v === undefined \? (\d+)/m.exec(
    read('src/config/env.ts'),
  );
  if (!match) throw new Error('PORT default not found in src/config/env.ts');
  return Number(match[1]);
}

/** The paths a probe may ask: what endpoints.ts serves. */
function probePaths(): string[] {
  return servedPaths();
}

/** The names of the settings the bot's own container is given in compose and Kubernetes. */
function settingsPassed(): string[] {
  const fromCompose = Object.keys(compose.services.bot.environment as Record<string, string>);
  const fromDeployment = (container().env as { name: string }[]).map((e) => e.name);
  const fromConfigMap = Object.keys(manifestOf('ConfigMap').data as Record<string, string>);
  return [...new Set([...fromCompose, ...fromDeployment, ...fromConfigMap])];
}

describe('the deployment files', () => {
  it('parse as YAML: compose, and one Kubernetes object a document with its kind', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['bot', 'postgres']);
    expect(k8s.map((doc) => doc.kind).sort((a: string, b: string) => a.localeCompare(b))).toEqual([
      'ConfigMap',
      'Deployment',
      'Kustomization',
      'PodDisruptionBudget',
      'Service',
    ]);
    const listed = (manifestOf('Kustomization').resources as string[]).map((r) => `deploy/kubernetes/${r}`);
    expect(listed.sort()).toEqual(k8sFiles.filter((f) => !f.endsWith('kustomization.yaml')).sort());
  });

  it('listen on the port the bot uses', () => {
    const port = defaultPort();
    expect(read('Dockerfile')).toMatch(new RegExp(`^EXPOSE ${port}$`, 'm'));
    expect(container().ports).toEqual([{ name: 'http', containerPort: port }]);
    expect(Number(manifestOf('ConfigMap').data.PORT)).toBe(port);
    expect(compose.services.bot.ports).toEqual([`${port}:${port}`]);
    expect(Number(compose.services.bot.environment.PORT)).toBe(port);
  });

  it('probe liveness at /livez, readiness at /readyz, start-up at /readyz for about 5 minutes', () => {
    const c = container();
    const probes = {
      liveness: c.livenessProbe.httpGet.path,
      readiness: c.readinessProbe.httpGet.path,
      startup: c.startupProbe.httpGet.path,
    };
    expect(probes).toEqual({ liveness: '/livez', readiness: '/readyz', startup: '/readyz' });
    for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) {
      expect(probePaths()).toContain(probe.httpGet.path);
      expect(probe.httpGet.port).toBe('http');
    }
    expect(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold).toBeGreaterThanOrEqual(300);
  });

  it('health-check paths the bot serves, on its port (Dockerfile and compose)', () => {
    const urls = [read('Dockerfile'), (compose.services.bot.healthcheck.test as string[]).join(' ')].map(
      (text) => /http:\/\/127\.0\.0\.1:[^/]*\/([a-z]+)/.exec(text)?.[0],
    );
    for (const url of urls) {
      expect(url).toBeDefined();
      expect(servedPaths()).toContain(`/${url!.split('/').pop()}`);
    }
    expect(urls[1]).toBe(`http://127.0.0.1:${defaultPort()}/readyz`);
  });

  it('pass only settings the bot reads and .env.example documents', () => {
    const envSource = read('src/config/env.ts');
    const example = read('.env.example');
    const passed = settingsPassed();
    expect(passed).toEqual(expect.arrayContaining(['DATABASE_URL', 'DATABASE_POOL_SIZE', 'SLACK_BOT_TOKEN']));
    for (const name of passed) {
      expect({ name, readByEnvTs: new RegExp(`^\\s+${name}: `, 'm').test(envSource) }).toEqual({
        name,
        readByEnvTs: true,
      });
      expect({ name, inEnvExample: new RegExp(`^#? ?${name}=`, 'm').test(example) }).toEqual({
        name,
        inEnvExample: true,
      });
    }
  });

  it('refer to secrets, never hold their values', () => {
    const secrets = (container().env as { name: string; value?: string; valueFrom?: any }[]).filter((e) =>
      /TOKEN|SECRET|DATABASE_URL/.test(e.name),
    );
    expect(secrets.length).toBeGreaterThan(0);
    for (const e of secrets) {
      expect(e.value).toBeUndefined();
      expect(e.valueFrom.secretKeyRef.key).toBe(e.name);
    }
    expect(k8s.filter((doc) => doc.kind === 'Secret')).toEqual([]);
  });

  it('run as the non-root user 1000 on a read-only root filesystem', () => {
    const pod = deployment().spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container().securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
    expect(read('Dockerfile')).toMatch(/^USER node$/m);
  });

  it('keep two replicas, at least one of them through a disruption', () => {
    expect(deployment().spec.replicas).toBe(2);
    expect(manifestOf('PodDisruptionBudget').spec.minAvailable).toBe(1);
    const labels = deployment().spec.template.metadata.labels;
    expect(manifestOf('PodDisruptionBudget').spec.selector.matchLabels).toEqual(labels);
    expect(manifestOf('Service').spec.selector).toEqual(labels);
  });

  it('run in the container exactly what npm start runs', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(read('Dockerfile'));
    expect(cmd).not.toBeNull();
    const start = (parseYaml(read('package.json')) as { scripts: { start: string } }).scripts.start;
    expect((JSON.parse(cmd![1]) as string[]).join(' ')).toBe(start);
  });

  it('build on node:20-bookworm-slim and ship no dev dependencies', () => {
    const dockerfile = read('Dockerfile');
    const stages = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(stages).toEqual(['node:20-bookworm-slim', 'node:20-bookworm-slim']);
    const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(finalStage).toMatch(/npm ci --omit=dev/);
    expect(finalStage).toMatch(/COPY prisma\/migrations/);
  });

  it("tag the image with package.json's version, which the changelog names", () => {
    const version = (JSON.parse(read('package.json')) as { version: string }).version;
    expect(compose.services.bot.image).toBe(`incident-bot:${version}`);
    const kustomization = k8s.find((doc) => doc.kind === 'Kustomization' || Array.isArray(doc.images));
    expect(kustomization?.images?.[0]?.newTag).toBe(version);
    expect(read('CHANGELOG.md')).toMatch(new RegExp(`^## ${version.replace(/\./g, '\\.')} `, 'm'));
  });
});
