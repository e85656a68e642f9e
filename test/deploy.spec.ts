import { spawnSync } from 'node:child_process';
import { X509Certificate, createPrivateKey, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, relative, resolve } from 'node:path';
import { connect, createServer, type TLSSocket } from 'node:tls';
import { getMetadataStorage } from 'class-validator';
import { parseAllDocuments } from 'yaml';
import { ConfigError, loadConfig } from '@lib/config';
import { EnvSchema } from '../libs/config/src/env.schema';

/**
 * deploy/ cannot be run here (no Docker engine, no Kubernetes, no EventStoreDB server), so this spec
 * checks what can be checked without them: every YAML file parses; the environment that compose and
 * Kubernetes give the api and worker consists of variables libs/config knows and passes loadConfig;
 * the cluster, Redis, ports, probes and certificate paths agree with each other and with the app; the
 * Dockerfile runs what the build produces; and the certificate script makes certificates that the
 * manifests' names and TLS actually accept.
 */
/** Parsed YAML: untyped by nature. */
type Yaml = any;
type Env = Record<string, string>;

const root = resolve(__dirname, '..');
const deploy = join(root, 'deploy');
const composeDir = join(deploy, 'compose');
const k8sDir = join(deploy, 'k8s');

/** Every variable libs/config reads, from the validation metadata of EnvSchema (as loadConfig does). */
const KNOWN = new Set(
  getMetadataStorage()
    .getTargetValidationMetadatas(EnvSchema, '', true, false)
    .map((rule) => rule.propertyName),
);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

function parseYaml(file: string): Yaml[] {
  // `merge`: compose files use `<<:` merge keys, as Docker Compose does.
  const docs = parseAllDocuments(readFileSync(file, 'utf8'), { merge: true });
  for (const doc of docs) {
    if (doc.errors.length > 0 || doc.warnings.length > 0) {
      throw new Error(`${relative(root, file)}: ${[...doc.errors, ...doc.warnings].map((e) => e.message).join('; ')}`);
    }
  }
  return docs.map((doc) => doc.toJS()).filter((value) => value != null);
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`missing: ${what}`);
  return value;
}

/** `redis-server --flag value ...` as { flag: value }. */
function redisFlags(args: string[]): Env {
  const flags: Env = {};
  args.forEach((arg, i) => {
    if (arg.startsWith('--')) flags[arg.slice(2)] = String(args[i + 1]);
  });
  return flags;
}

/** An esdb:// or esdb+discover:// connection string, split as the client splits it. */
function parseEsdb(connectionString: string) {
  const match = /^esdb(\+discover)?:\/\/(?:([^:@]+):([^@]+)@)?([^?]+)(?:\?(.*))?$/.exec(connectionString);
  if (!match) throw new Error(`not an EventStoreDB connection string: ${connectionString}`);
  return {
    discover: match[1] !== undefined,
    username: match[2],
    hosts: match[4].split(','),
    params: new URLSearchParams(match[5] ?? ''),
  };
}

// --- Docker Compose ------------------------------------------------------------------------------

/** Compose's interpolation: $$, $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}. */
function interpolate(value: string, vars: Env): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, name?: string, op?: string, arg?: string, bare?: string) => {
      if (whole === '$$') return '$';
      if (bare) return vars[bare] ?? '';
      const value = vars[name as string];
      const unset = value === undefined;
      const empty = unset || value === '';
      if (op === ':-') return empty ? (arg as string) : value;
      if (op === '-') return unset ? (arg as string) : value;
      if ((op === ':?' && empty) || (op === '?' && unset)) throw new Error(`${name}: ${arg}`);
      return value ?? '';
    },
  );
}

function interpolateAll(node: Yaml, vars: Env): Yaml {
  if (typeof node === 'string') return interpolate(node, vars);
  if (Array.isArray(node)) return node.map((item) => interpolateAll(item, vars));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolateAll(value, vars)]));
  }
  return node;
}

function parseEnvFile(file: string): Env {
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** A service's environment, in either of compose's two forms. */
function serviceEnv(service: Yaml): Env {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((entry: string) => [entry.split('=')[0], entry.split('=').slice(1).join('=')]));
  }
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value == null ? '' : String(value)]));
}

/** Short-syntax volumes as { source, target }. */
const mounts = (service: Yaml) =>
  (service.volumes ?? []).map((volume: string) => {
    const [source, target] = volume.split(':');
    return { source, target };
  });

/** Realistic secrets for the values an operator must or may fill in. */
const SECRETS: Env = {
  ESDB_ADMIN_PASSWORD: randomBytes(24).toString('hex'),
  ESDB_OPS_PASSWORD: randomBytes(24).toString('hex'),
  JWT_SECRET: randomBytes(48).toString('base64'),
  LEDGER_ADMIN_PASSWORD: 'correct-horse-battery-staple',
};

const composeFile = join(composeDir, 'docker-compose.yml');
const [composeRaw] = parseYaml(composeFile);
const envExample = parseEnvFile(join(composeDir, '.env.example'));
/** .env.example with only the required (empty) values filled in: the least an operator can do. */
const minimalVars = {
  ...envExample,
  ESDB_ADMIN_PASSWORD: SECRETS.ESDB_ADMIN_PASSWORD,
  ESDB_OPS_PASSWORD: SECRETS.ESDB_OPS_PASSWORD,
};
const compose = interpolateAll(composeRaw, minimalVars);
const services: Record<string, Yaml> = compose.services;
const esdbNodes = Object.keys(services).filter((name) => String(services[name].image).startsWith('eventstore/'));

describe('deploy/: every YAML file', () => {
  const yamlFiles = filesUnder(deploy).filter((file) => /\.ya?ml$/.test(file));

  it('parses without errors or warnings, and none is left out of these checks', () => {
    expect(yamlFiles.map((file) => relative(deploy, file)).sort()).toEqual([
      'compose/docker-compose.yml',
      'k8s/api.yaml',
      'k8s/config.yaml',
      'k8s/esdb.yaml',
      'k8s/kustomization.yaml',
      'k8s/namespace.yaml',
      'k8s/pdb.yaml',
      'k8s/redis.yaml',
      'k8s/secret.example.yaml',
      'k8s/worker.yaml',
    ]);
    for (const file of yamlFiles) expect(parseYaml(file).length).toBeGreaterThan(0);
  });

  it('derives the known variables from libs/config (so the checks below are not vacuous)', () => {
    for (const name of [
      'PORT',
      'HOST',
      'DATA_DIR',
      'EVENT_STORE',
      'ESDB_CONNECTION_STRING',
      'REDIS_URL',
      'JWT_SECRET',
    ]) {
      expect(KNOWN).toContain(name);
    }
    expect(KNOWN).not.toContain('NODE_ENV');
  });
});

describe('deploy/compose', () => {
  it('runs three EventStoreDB nodes, Redis, and the api and worker as separate services', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'esdb1', 'esdb2', 'esdb3', 'redis', 'worker']);
    expect(esdbNodes).toEqual(['esdb1', 'esdb2', 'esdb3']);
  });

  it('refuses to start until the EventStoreDB passwords are set in .env', () => {
    expect(() => interpolateAll(composeRaw, envExample)).toThrow(/ESDB_ADMIN_PASSWORD/);
  });

  it('declares in .env.example exactly the variables the compose file reads', () => {
    const read = new Set(
      [...readFileSync(composeFile, 'utf8').matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]),
    );
    expect([...read].sort()).toEqual(Object.keys(envExample).sort());
  });

  it('forms a TLS cluster of 3: every node knows the others, advertises its own name, keeps its own volume', () => {
    const dataVolumes = new Set<string>();
    for (const node of esdbNodes) {
      const env = serviceEnv(services[node]);
      expect(env.EVENTSTORE_CLUSTER_SIZE).toBe('3');
      expect(env.EVENTSTORE_INSECURE).toBe('false');
      expect(env.EVENTSTORE_DISCOVER_VIA_DNS).toBe('false');
      expect(env.EVENTSTORE_GOSSIP_SEED.split(',').sort()).toEqual(
        esdbNodes.filter((other) => other !== node).map((other) => `${other}:2113`),
      );
      expect(env.EVENTSTORE_NODE_HOST_ADVERTISE_AS).toBe(node);
      expect(env.EVENTSTORE_REPLICATION_HOST_ADVERTISE_AS).toBe(node);
      expect(env.EVENTSTORE_DEFAULT_ADMIN_PASSWORD).toBe(SECRETS.ESDB_ADMIN_PASSWORD);

      const byTarget = new Map<string, string>(mounts(services[node]).map((m: Yaml) => [m.target, m.source]));
      expect(byTarget.get(env.EVENTSTORE_TRUSTED_ROOT_CERTIFICATES_PATH)).toBe('../certs/out/ca');
      expect(byTarget.get(posix.dirname(env.EVENTSTORE_CERTIFICATE_FILE))).toBe(`../certs/out/${node}`);
      expect(byTarget.get(posix.dirname(env.EVENTSTORE_CERTIFICATE_PRIVATE_KEY_FILE))).toBe(`../certs/out/${node}`);
      const data = must(byTarget.get(env.EVENTSTORE_DB), `${node}: a volume at EVENTSTORE_DB`);
      expect(Object.keys(compose.volumes)).toContain(data);
      dataVolumes.add(data);

      expect(services[node].healthcheck.test.join(' ')).toContain('https://127.0.0.1:2113/health/live');
    }
    expect(dataVolumes.size).toBe(3);
  });

  it('runs Redis with appendonly yes, appendfsync everysec and maxmemory-policy noeviction, on a volume', () => {
    const redis = services.redis;
    expect(redis.command[0]).toBe('redis-server');
    expect(redisFlags(redis.command)).toMatchObject({
      appendonly: 'yes',
      appendfsync: 'everysec',
      'maxmemory-policy': 'noeviction',
    });
    expect(Object.keys(compose.volumes)).toContain(mounts(redis).find((m: Yaml) => m.target === '/data')?.source);
    expect(redis.healthcheck).toBeDefined();
  });

  describe.each(['api', 'worker'])('%s', (name) => {
    const service = services[name];
    const env = serviceEnv(service);

    it('is set only variables that libs/config knows, all in the compose file (no env_file)', () => {
      expect(service.env_file).toBeUndefined();
      expect(Object.keys(env).length).toBeGreaterThanOrEqual(4);
      expect(Object.keys(env).filter((key) => !KNOWN.has(key))).toEqual([]);
    });

    it('passes loadConfig: with .env.example filled minimally, completely, and with only the required values', () => {
      const full = serviceEnv(interpolateAll(composeRaw, { ...envExample, ...SECRETS }).services[name]);
      const required = {
        ESDB_ADMIN_PASSWORD: SECRETS.ESDB_ADMIN_PASSWORD,
        ESDB_OPS_PASSWORD: SECRETS.ESDB_OPS_PASSWORD,
      };
      const defaults = serviceEnv(interpolateAll(composeRaw, required).services[name]);
      for (const candidate of [env, full, defaults]) {
        const config = loadConfig(candidate);
        expect(config.eventStore.kind).toBe('esdb');
        expect(config.redis.url).toBe('redis://redis:6379');
      }
      if (name === 'api') expect(loadConfig(full).jwt.secret).toBe(SECRETS.JWT_SECRET);
    });

    it('reaches all three nodes over TLS, trusting the CA mounted into it', () => {
      expect(env.EVENT_STORE).toBe('esdb');
      const esdb = parseEsdb(env.ESDB_CONNECTION_STRING);
      expect(esdb.discover).toBe(true);
      expect(esdb.hosts).toEqual(esdbNodes.map((node) => `${node}:2113`));
      expect(esdb.params.get('tls')).toBe('true');
      const caFile = must(esdb.params.get('tlsCAFile') ?? undefined, 'tlsCAFile');
      expect(posix.basename(caFile)).toBe('ca.crt');
      expect(mounts(service)).toContainEqual({ source: '../certs/out/ca', target: posix.dirname(caFile) });
    });

    it('waits for every EventStoreDB node and Redis to be healthy', () => {
      const expected = Object.fromEntries(
        [...esdbNodes, 'redis'].map((dep) => [dep, { condition: 'service_healthy' }]),
      );
      expect(service.depends_on).toEqual(expected);
      for (const dep of Object.keys(expected)) expect(services[dep].healthcheck).toBeDefined();
    });

    it(`is built from deploy/Dockerfile, target ${name}`, () => {
      expect(resolve(composeDir, service.build.context)).toBe(root);
      expect(service.build.dockerfile).toBe('deploy/Dockerfile');
      expect(service.build.target).toBe(name);
    });
  });

  it('api: listens on 0.0.0.0:PORT, publishes PORT, health-checks /health on PORT, keeps DATA_DIR on a volume', () => {
    const api = services.api;
    const env = serviceEnv(api);
    const port = loadConfig(env).http.port;
    expect(env.HOST).toBe('0.0.0.0');
    expect(port).toBe(3000);
    expect(api.ports.length).toBeGreaterThan(0);
    for (const published of api.ports) expect(Number(String(published).split(':').pop()?.split('/')[0])).toBe(port);
    const check = /https?:\/\/127\.0\.0\.1:(\d+)(\/[^'"\s)]*)/.exec(api.healthcheck.test.join(' '));
    expect(check?.slice(1)).toEqual([String(port), '/health']);
    const data = mounts(api).find((m: Yaml) => m.target === env.DATA_DIR);
    expect(Object.keys(compose.volumes)).toContain(data?.source);
  });
});

// --- Kubernetes ----------------------------------------------------------------------------------

const k8sFiles = readdirSync(k8sDir).filter((file) => file.endsWith('.yaml'));
const k8sDocs = k8sFiles.flatMap((file) => parseYaml(join(k8sDir, file)).map((doc) => ({ file, doc })));
const k8s = (kind: string, name: string): Yaml =>
  must(k8sDocs.find(({ doc }) => doc.kind === kind && doc.metadata?.name === name)?.doc, `${kind}/${name}`);
const kustomization = must(k8sDocs.find(({ doc }) => doc.kind === 'Kustomization')?.doc, 'Kustomization');
const dataOf = (doc: Yaml): Env => ({
  ...Object.fromEntries(
    Object.entries(doc.data ?? {}).map(([k, v]) => [
      k,
      doc.kind === 'Secret' ? Buffer.from(String(v), 'base64').toString() : String(v),
    ]),
  ),
  ...Object.fromEntries(Object.entries(doc.stringData ?? {}).map(([k, v]) => [k, String(v)])),
});
const configMaps = new Map(
  k8sDocs.filter(({ doc }) => doc.kind === 'ConfigMap').map(({ doc }) => [doc.metadata.name, dataOf(doc)]),
);
const secrets = new Map(
  k8sDocs.filter(({ doc }) => doc.kind === 'Secret').map(({ doc }) => [doc.metadata.name, dataOf(doc)]),
);

/** A container's environment as the kubelet builds it from envFrom and env (every reference must resolve). */
function containerEnv(container: Yaml): Env {
  const env: Env = {};
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef)
      Object.assign(env, must(configMaps.get(from.configMapRef.name), `ConfigMap ${from.configMapRef.name}`));
    if (from.secretRef) Object.assign(env, must(secrets.get(from.secretRef.name), `Secret ${from.secretRef.name}`));
  }
  for (const entry of container.env ?? []) {
    const ref = entry.valueFrom?.secretKeyRef ?? entry.valueFrom?.configMapKeyRef;
    if (entry.value !== undefined) env[entry.name] = String(entry.value);
    else if (entry.valueFrom?.fieldRef) env[entry.name] = `<${entry.valueFrom.fieldRef.fieldPath}>`;
    else if (ref) {
      const source = entry.valueFrom.secretKeyRef ? secrets.get(ref.name) : configMaps.get(ref.name);
      env[entry.name] = must(must(source, `${ref.name}`)[ref.key], `${ref.name}.${ref.key}`);
    } else throw new Error(`unsupported env entry ${entry.name}`);
  }
  return env;
}

/** The committed placeholders replaced by what an operator would put there. */
const fillPlaceholders = (env: Env): Env =>
  Object.fromEntries(
    Object.entries(env).map(([key, value]) => [
      key,
      value.replaceAll('CHANGE-ME', SECRETS[key] ?? SECRETS.ESDB_ADMIN_PASSWORD),
    ]),
  );

const podSpec = (workload: Yaml) => workload.spec.template.spec;
const theContainer = (workload: Yaml) => {
  if (podSpec(workload).containers.length !== 1) throw new Error(`${workload.metadata.name}: one container expected`);
  return podSpec(workload).containers[0];
};
/** A probe's or Service's port, named or numbered, as the container port number. */
const portNumber = (container: Yaml, port: string | number) =>
  typeof port === 'number'
    ? port
    : must(container.ports.find((p: Yaml) => p.name === port)?.containerPort, `port ${port}`);

const esdbSts = k8s('StatefulSet', 'esdb');
const esdbHeadless = k8s('Service', esdbSts.spec.serviceName);
const esdbPods = Array.from({ length: esdbSts.spec.replicas }, (_, i) => `${esdbSts.metadata.name}-${i}`);

describe('deploy/k8s', () => {
  it('kustomization lists every manifest except the secret example, in one namespace', () => {
    const expected = k8sFiles.filter((file) => !['kustomization.yaml', 'secret.example.yaml'].includes(file));
    expect([...kustomization.resources].sort()).toEqual(expected.sort());
    expect(kustomization.namespace).toBe('custody-ledger');
    expect(k8s('Namespace', kustomization.namespace)).toBeDefined();
    for (const secret of secrets.keys()) expect(k8s('Secret', secret).metadata.namespace).toBe(kustomization.namespace);
  });

  it('runs EventStoreDB as a StatefulSet of 3 behind a headless Service, with a volume claim and TLS from a Secret', () => {
    expect(esdbSts.spec.replicas).toBe(3);
    expect(esdbHeadless.spec.clusterIP).toBe('None');
    expect(esdbHeadless.spec.publishNotReadyAddresses).toBe(true);
    expect(esdbHeadless.spec.selector).toEqual(esdbSts.spec.template.metadata.labels);

    const container = theContainer(esdbSts);
    const env = containerEnv(container);
    expect(env.EVENTSTORE_CLUSTER_SIZE).toBe('3');
    expect(env.EVENTSTORE_INSECURE).toBe('false');
    expect(container.env[0].name).toBe('POD_NAME'); // defined before the values that use $(POD_NAME)
    const advertised = esdbPods.map((pod) => env.EVENTSTORE_NODE_HOST_ADVERTISE_AS.replace('$(POD_NAME)', pod));
    expect(advertised).toEqual(esdbPods.map((pod) => `${pod}.${esdbHeadless.metadata.name}`));
    expect(env.EVENTSTORE_GOSSIP_SEED.split(',')).toEqual(advertised.map((host) => `${host}:2113`));

    const claim = esdbSts.spec.volumeClaimTemplates[0].metadata.name;
    expect(container.volumeMounts).toContainEqual({ name: claim, mountPath: env.EVENTSTORE_DB });

    const tlsMount = must(
      container.volumeMounts.find((m: Yaml) => m.name === 'tls'),
      'tls mount',
    );
    const tlsVolume = podSpec(esdbSts).volumes.find((v: Yaml) => v.name === 'tls');
    const files = new Map<string, string>(
      tlsVolume.secret.items.map((item: Yaml) => [`${tlsMount.mountPath}/${item.path}`, item.key]),
    );
    expect(files.get(`${env.EVENTSTORE_TRUSTED_ROOT_CERTIFICATES_PATH}/ca.crt`)).toBe('ca.crt');
    for (const pod of esdbPods) {
      expect(files.get(env.EVENTSTORE_CERTIFICATE_FILE.replace('$(POD_NAME)', pod))).toBe(`${pod}.crt`);
      expect(files.get(env.EVENTSTORE_CERTIFICATE_PRIVATE_KEY_FILE.replace('$(POD_NAME)', pod))).toBe(`${pod}.key`);
    }
  });

  it('runs Redis with appendonly yes, appendfsync everysec and maxmemory-policy noeviction, on a volume claim', () => {
    const redis = k8s('StatefulSet', 'redis');
    const container = theContainer(redis);
    expect(container.args[0]).toBe('redis-server');
    expect(redisFlags(container.args)).toMatchObject({
      appendonly: 'yes',
      appendfsync: 'everysec',
      'maxmemory-policy': 'noeviction',
    });
    expect(container.volumeMounts).toContainEqual({
      name: redis.spec.volumeClaimTemplates[0].metadata.name,
      mountPath: '/data',
    });
    expect(k8s('Service', 'redis').spec.ports[0].port).toBe(portNumber(container, 'redis'));
  });

  it('runs the api with 2 replicas and the worker with 1', () => {
    expect(k8s('Deployment', 'api').spec.replicas).toBe(2);
    expect(k8s('Deployment', 'worker').spec.replicas).toBe(1);
  });

  it('gives every container resource requests and limits', () => {
    const workloads = k8sDocs.filter(({ doc }) => ['Deployment', 'StatefulSet'].includes(doc.kind));
    expect(workloads.length).toBe(4);
    for (const { doc } of workloads) {
      for (const container of podSpec(doc).containers) {
        expect([doc.metadata.name, Object.keys(container.resources.requests).sort()]).toEqual([
          doc.metadata.name,
          ['cpu', 'memory'],
        ]);
        expect([doc.metadata.name, Object.keys(container.resources.limits).sort()]).toEqual([
          doc.metadata.name,
          ['cpu', 'memory'],
        ]);
      }
    }
  });

  describe.each(['api', 'worker'])('%s', (name) => {
    const deployment = k8s('Deployment', name);
    const container = theContainer(deployment);
    // Resolved inside each test, so that a dangling ConfigMap or Secret reference fails a test.
    const committedEnv = () => containerEnv(container);
    const filledEnv = () => fillPlaceholders(committedEnv());

    it('is set only variables that libs/config knows, from the ConfigMap and Secret', () => {
      const committed = committedEnv();
      expect(Object.keys(committed).length).toBeGreaterThanOrEqual(4);
      expect(Object.keys(committed).filter((key) => !KNOWN.has(key))).toEqual([]);
    });

    it('passes loadConfig once the placeholders are replaced', () => {
      const config = loadConfig(filledEnv());
      expect(config.eventStore.kind).toBe('esdb');
      expect(config.http.host).toBe('0.0.0.0');
      expect(new URL(config.redis.url).hostname).toBe(k8s('Service', 'redis').metadata.name);
    });

    it('reaches all three pods over TLS, trusting the CA mounted from the esdb-tls Secret', () => {
      const esdb = parseEsdb(filledEnv().ESDB_CONNECTION_STRING);
      expect(esdb.discover).toBe(true);
      expect(esdb.hosts).toEqual(esdbPods.map((pod) => `${pod}.${esdbHeadless.metadata.name}:2113`));
      expect(esdb.params.get('tls')).toBe('true');
      const caFile = must(esdb.params.get('tlsCAFile') ?? undefined, 'tlsCAFile');
      const mount = must(
        container.volumeMounts.find((m: Yaml) => m.mountPath === posix.dirname(caFile)),
        'a mount holding tlsCAFile',
      );
      const volume = podSpec(deployment).volumes.find((v: Yaml) => v.name === mount.name);
      expect(volume.secret.secretName).toBe('esdb-tls');
      expect(volume.secret.items).toContainEqual({ key: 'ca.crt', path: posix.basename(caFile) });
    });
  });

  it('the committed secret placeholders keep the api from starting, naming both secrets', () => {
    let error: unknown;
    try {
      loadConfig(containerEnv(theContainer(k8s('Deployment', 'api'))));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'JWT_SECRET',
      'LEDGER_ADMIN_PASSWORD',
    ]);
  });

  it('api: probes /health (liveness: /health/live) on PORT, and its Service targets PORT', () => {
    const api = k8s('Deployment', 'api');
    const container = theContainer(api);
    const config = loadConfig(fillPlaceholders(containerEnv(container)));
    expect(config.http.port).toBe(3000);
    expect(container.ports.map((p: Yaml) => p.containerPort)).toEqual([config.http.port]);
    const paths = { startupProbe: '/health', readinessProbe: '/health', livenessProbe: '/health/live' };
    for (const [probe, path] of Object.entries(paths)) {
      const check = must(container[probe]?.httpGet, `api ${probe}`);
      expect([probe, check.path, portNumber(container, check.port)]).toEqual([probe, path, config.http.port]);
    }
    const service = k8s('Service', 'api');
    expect(service.spec.selector).toEqual(api.spec.template.metadata.labels);
    expect(service.spec.ports.map((p: Yaml) => portNumber(container, p.targetPort))).toEqual([config.http.port]);
    expect(container.volumeMounts.map((m: Yaml) => m.mountPath)).toContain(config.dataDir);
  });

  it('the EventStoreDB admin password comes from its own Secret, not the ledger ones', () => {
    const env = containerEnv(theContainer(esdbSts));
    expect(env.EVENTSTORE_DEFAULT_ADMIN_PASSWORD).toBe('CHANGE-ME');
    const ref = theContainer(esdbSts).env.find((e: Yaml) => e.name === 'EVENTSTORE_DEFAULT_ADMIN_PASSWORD');
    expect(ref.valueFrom.secretKeyRef.name).toBe('esdb-admin');
  });

  it('uses the images compose builds', () => {
    for (const name of ['api', 'worker']) {
      const image = theContainer(k8s('Deployment', name)).image;
      expect(image).toBe(services[name].image);
      expect(kustomization.images.map((i: Yaml) => i.name)).toContain(image.split(':')[0]);
    }
  });
});

// --- Dockerfile ----------------------------------------------------------------------------------

interface Stage {
  name: string;
  from: string;
  instructions: { op: string; args: string }[];
}

function dockerStages(text: string): Stage[] {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [op, ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (op.toUpperCase() === 'FROM') {
      const [, from, name] = must(/^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args) ?? undefined, line);
      stages.push({ name, from, instructions: [] });
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push({ op: op.toUpperCase(), args });
    }
  }
  return stages;
}

describe('deploy/Dockerfile', () => {
  const stages = dockerStages(readFileSync(join(deploy, 'Dockerfile'), 'utf8'));
  const stage = (name: string) =>
    must(
      stages.find((s) => s.name === name),
      `stage ${name}`,
    );
  const runs = (name: string) =>
    stage(name)
      .instructions.filter((i) => i.op === 'RUN')
      .map((i) => i.args)
      .join(' && ');

  /** What `npm run build` produces per app: nest-cli.json's entryFile under tsconfig.build.json's outDir. */
  const nest = JSON.parse(readFileSync(join(root, 'nest-cli.json'), 'utf8'));
  const outDir = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')).compilerOptions.outDir;
  const built = (app: string) => posix.join(outDir, `${nest.projects[app].entryFile}.js`);

  it('builds with npm ci and npm run build, then prunes dev dependencies', () => {
    expect(runs('build')).toMatch(/npm ci\b[\s\S]*npm run build[\s\S]*npm prune --omit=dev/);
  });

  it.each(['api', 'worker'])('%s target runs the file the build produces, as a non-root user', (app) => {
    expect(built(app)).toBe(`dist/apps/${app}/src/main.js`);
    expect(existsSync(join(root, `${nest.projects[app].entryFile}.ts`))).toBe(true);
    const cmd = stage(app).instructions.filter((i) => i.op === 'CMD');
    expect(cmd).toHaveLength(1);
    const argv: string[] = JSON.parse(cmd[0].args);
    expect(argv[0]).toBe('node');
    expect(argv[argv.length - 1]).toBe(built(app));

    expect(stage(app).from).toBe('runtime');
    const users = stage('runtime').instructions.filter((i) => i.op === 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0']).not.toContain(users[users.length - 1].args.split(':')[0]);
    expect(
      stage('runtime')
        .instructions.filter((i) => i.op === 'COPY')
        .map((i) => i.args),
    ).toContainEqual(`--from=build /app/${outDir.replace(/^\.\//, '')} ./${outDir.replace(/^\.\//, '')}`);
  });

  it('the build context filter lets in exactly what the build stage copies', () => {
    const ignore = readFileSync(join(deploy, 'Dockerfile.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    expect(ignore[0]).toBe('*');
    const allowed = ignore.slice(1).map((line) => line.replace(/^!/, ''));
    const copied = stage('build')
      .instructions.filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect([...new Set(copied)].sort()).toEqual([...allowed].sort());
  });
});

// --- certificates --------------------------------------------------------------------------------

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

describe('deploy/certs/generate-certs.sh', () => {
  let dir: string;
  const script = join(deploy, 'certs', 'generate-certs.sh');
  const run = (...args: string[]) => {
    const result = spawnSync('bash', [script, ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`generate-certs.sh ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  const cert = (...path: string[]) => new X509Certificate(readFileSync(join(dir, ...path)));

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-certs-'));
    run('--out', join(dir, 'out'));
    run('--out', join(dir, 'out-k8s'), '--k8s', kustomization.namespace);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('issues, for each compose node, a certificate from the CA for its name, with keys readable by their owner only', () => {
    const ca = cert('out', 'ca', 'ca.crt');
    expect(ca.ca).toBe(true);
    for (const node of esdbNodes) {
      const nodeCert = cert('out', node, 'node.crt');
      expect(nodeCert.checkIssued(ca)).toBe(true);
      expect(nodeCert.verify(ca.publicKey)).toBe(true);
      expect(nodeCert.subject).toBe('CN=eventstoredb-node');
      expect(nodeCert.subjectAltName?.split(', ')).toEqual([`DNS:${node}`, 'DNS:localhost', 'IP Address:127.0.0.1']);
      expect(nodeCert.keyUsage).toEqual(expect.arrayContaining([SERVER_AUTH, CLIENT_AUTH]));
      expect(nodeCert.checkPrivateKey(createPrivateKey(readFileSync(join(dir, 'out', node, 'node.key'))))).toBe(true);
      expect(statSync(join(dir, 'out', node, 'node.key')).mode & 0o777).toBe(0o600);
    }
    expect(statSync(join(dir, 'out', 'ca-key', 'ca.key')).mode & 0o777).toBe(0o600);
  });

  it('puts each file where compose mounts it, and the CA key nowhere compose mounts', () => {
    const sources = Object.values(services).flatMap((service) => mounts(service).map((m: Yaml) => m.source));
    const bindMounts = sources.filter((source: string) => source.startsWith('../certs/out/'));
    expect(bindMounts.length).toBeGreaterThanOrEqual(5);
    for (const source of bindMounts) {
      expect(existsSync(join(dir, 'out', source.replace('../certs/out/', '')))).toBe(true);
      expect(readdirSync(join(dir, 'out', source.replace('../certs/out/', '')))).not.toContain('ca.key');
    }
  });

  it('for Kubernetes, names every pod the way it advertises itself and the API reaches it', () => {
    const ca = cert('out-k8s', 'ca', 'ca.crt');
    for (const pod of esdbPods) {
      const nodeCert = cert('out-k8s', pod, 'node.crt');
      expect(nodeCert.checkIssued(ca)).toBe(true);
      expect(nodeCert.subjectAltName?.split(', ')).toEqual(
        expect.arrayContaining([
          `DNS:${pod}.${esdbHeadless.metadata.name}`,
          `DNS:${pod}.${esdbHeadless.metadata.name}.${kustomization.namespace}.svc.cluster.local`,
          'IP Address:127.0.0.1',
        ]),
      );
    }
  });

  it('makes certificates that mutual TLS between two nodes accepts, by host name', async () => {
    const read = (...path: string[]) => readFileSync(join(dir, 'out', ...path));
    const ca = read('ca', 'ca.crt');
    const server = createServer(
      { key: read('esdb1', 'node.key'), cert: read('esdb1', 'node.crt'), ca, requestCert: true },
      (socket) => socket.end(socket.authorized ? 'peer trusted' : `peer refused: ${socket.authorizationError}`),
    );
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const { port } = server.address() as { port: number };
      const reply = await new Promise<string>((done, fail) => {
        const socket: TLSSocket = connect(
          {
            host: '127.0.0.1',
            port,
            servername: 'esdb1',
            ca,
            key: read('esdb2', 'node.key'),
            cert: read('esdb2', 'node.crt'),
          },
          () => {
            let text = '';
            socket.setEncoding('utf8');
            socket.on('data', (chunk) => (text += chunk));
            socket.on('end', () => done(text));
          },
        );
        socket.on('error', fail);
      });
      expect(reply).toBe('peer trusted');
    } finally {
      server.close();
    }
  });

  it('keeps generated keys and real secrets out of git, and the examples in', () => {
    const ignored = (path: string) =>
      spawnSync('git', ['check-ignore', '--no-index', '-q', path], { cwd: root }).status === 0;
    for (const path of [
      'deploy/certs/out/ca-key/ca.key',
      'deploy/certs/out/esdb1/node.key',
      'deploy/certs/out-k8s/esdb-0/node.key',
      'deploy/compose/.env',
      'deploy/k8s/secret.yaml',
    ]) {
      expect([path, ignored(path)]).toEqual([path, true]);
    }
    for (const path of [
      'deploy/compose/.env.example',
      'deploy/k8s/secret.example.yaml',
      'deploy/certs/generate-certs.sh',
    ]) {
      expect([path, ignored(path)]).toEqual([path, false]);
    }
  });
});
