import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, PersistentVolumeClaim, Secret, Service } from 'kubernetes-models/v1';
import { parseAllDocuments, parse } from 'yaml';
import { createApi } from '../../apps/api/src/create-api.js';
import {
  startWorkerHttpServer,
  type WorkerHttpServer,
} from '../../apps/worker/src/http/worker-http-server.js';
import { environmentSchema } from '../../libs/config/src/index.js';
import { QueueName } from '../../libs/queue/src/index.js';
import { listenLocally } from '../support/listen-locally.js';
import { freePort } from '../support/redis-server.js';
import { testConfig } from '../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { removeQueuesAt, startInProcessWorker } from '../support/worker-fixture.js';

/**
 * deploy/kubernetes is plain YAML that no cluster here applies: what can be checked without one is
 * checked here. Every object against the Kubernetes schemas (kubernetes-models), every variable the
 * manifests set against the configuration schema, the kustomization against the files, and every probe
 * against what the API and the worker answer on the port the manifests give them.
 */
const DIR = 'deploy/kubernetes';

interface Kustomization {
  resources: string[];
  secretGenerator: { name: string; envs: string[] }[];
  images: { name: string }[];
}

interface EnvVar {
  name: string;
  value?: string;
}
interface Probe {
  httpGet: { path: string; port: string | number };
}
interface Container {
  name: string;
  image: string;
  command: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  volumeMounts?: { name: string; mountPath: string; subPath?: string }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}
interface PodSpec {
  containers: Container[];
  volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[];
}
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: {
    selector?: { matchLabels?: Record<string, string> } & Record<string, string>;
    template?: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
  data?: Record<string, string>;
}

// The model class of every kind the manifests may use: an object of another kind fails the test.
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'v1/Secret': Secret,
  'v1/Service': Service,
};

const kustomization = parse(readFileSync(join(DIR, 'kustomization.yaml'), 'utf8')) as Kustomization;
const manifests = kustomization.resources.flatMap((file) =>
  parseAllDocuments(readFileSync(join(DIR, file), 'utf8')).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${DIR}/${file}: ${doc.errors.join('; ')}`);
    return { file, object: doc.toJS() as Manifest };
  }),
);
const objects = manifests.map((m) => m.object);
const ofKind = (kind: string) => objects.filter((o) => o.kind === kind);
const configMap = ofKind('ConfigMap').find((o) => o.metadata.name === 'stancewatch-config')!;
// The Secret kustomize generates from secrets.env, as the example file makes it.
const secretGenerator = kustomization.secretGenerator[0]!;
const exampleSecrets = parseEnv(
  readFileSync(join(DIR, `${secretGenerator.envs[0]}.example`), 'utf8'),
) as Record<string, string>;
const secret: Manifest & { stringData: Record<string, string> } = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: secretGenerator.name },
  stringData: exampleSecrets,
};
const workloads = [...ofKind('Deployment'), ...ofKind('Job')];
const containersOf = (o: Manifest) => o.spec!.template!.spec.containers;
const deployment = (name: string) => ofKind('Deployment').find((o) => o.metadata.name === name)!;
const knownVariables = new Set(Object.keys(environmentSchema.shape));

/** What a container's process sees: its ConfigMap and Secret beneath its own `env`. */
function environmentOf(container: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) {
      const source = ofKind('ConfigMap').find((o) => o.metadata.name === from.configMapRef!.name);
      expect({
        container: container.name,
        configMap: from.configMapRef.name,
        found: Boolean(source),
      }).toEqual({
        container: container.name,
        configMap: from.configMapRef.name,
        found: true,
      });
      Object.assign(env, source?.data);
    }
    if (from.secretRef) {
      expect({ container: container.name, secret: from.secretRef.name }).toEqual({
        container: container.name,
        secret: secret.metadata.name,
      });
      Object.assign(env, secret.stringData);
    }
  }
  for (const variable of container.env ?? []) env[variable.name] = variable.value ?? '';
  return env;
}

describe('the Kubernetes manifests', () => {
  it('lists every file of deploy/kubernetes in the kustomization, and only those', () => {
    const files = readdirSync(DIR).filter((f) => f !== 'kustomization.yaml');
    const yaml = files.filter((f) => /\.ya?ml$/.test(f)).sort();
    expect([...kustomization.resources].sort()).toEqual(yaml);
    // The rest: the example of each generated Secret's file (the file itself is the operator's).
    expect(files.filter((f) => !yaml.includes(f))).toEqual(
      kustomization.secretGenerator.flatMap((g) => g.envs.map((env) => `${env}.example`)),
    );
    expect(readFileSync('.gitignore', 'utf8')).toContain(`${DIR}/${secretGenerator.envs[0]}`);
  });

  it('validates every object against the Kubernetes schemas', () => {
    expect(manifests.length).toBeGreaterThanOrEqual(9);
    for (const { file, object } of [...manifests, { file: 'secrets.env.example', object: secret }]) {
      const Model = MODELS[`${object.apiVersion}/${object.kind}`];
      expect({ file, kind: `${object.apiVersion}/${object.kind}`, known: Boolean(Model) }).toEqual({
        file,
        kind: `${object.apiVersion}/${object.kind}`,
        known: true,
      });
      let problem: string | null = null;
      try {
        new Model!(object as never).validate();
      } catch (error) {
        problem = (error as Error).message;
      }
      expect({ file, name: object.metadata.name, problem }).toEqual({
        file,
        name: object.metadata.name,
        problem: null,
      });
    }
  });

  it('rejects what the schemas do not allow (the validation is not a no-op)', () => {
    const broken = structuredClone(deployment('stancewatch-api')) as unknown as {
      spec: { template: { spec: { containers: { ports: { containerPort: unknown }[] }[] } } };
    };
    broken.spec.template.spec.containers[0]!.ports[0]!.containerPort = 'http';
    expect(() => new Deployment(broken as never).validate()).toThrow(/containerPort must be integer/);
  });

  it('sets only variables the configuration knows, with values it accepts', () => {
    const named = [
      ...Object.keys(configMap.data ?? {}).map((name) => ({ where: 'configmap.yaml', name })),
      ...Object.keys(secret.stringData).map((name) => ({ where: 'secrets.env.example', name })),
      ...workloads.flatMap((o) =>
        containersOf(o).flatMap((c) => (c.env ?? []).map((v) => ({ where: o.metadata.name, name: v.name }))),
      ),
    ];
    expect(named.filter(({ name }) => !knownVariables.has(name))).toEqual([]);
    expect(Object.keys(secret.stringData).sort()).toEqual(['ADMIN_API_KEY', 'DATABASE_URL', 'REDIS_URL']);
    for (const o of workloads)
      for (const container of containersOf(o)) {
        const parsed = environmentSchema.safeParse(environmentOf(container));
        expect({
          workload: o.metadata.name,
          problems: parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
        }).toEqual({ workload: o.metadata.name, problems: [] });
      }
  });

  it('splits the workers by WORKER_QUEUES so that every queue is served by exactly one Deployment', () => {
    const served = ofKind('Deployment')
      .filter((o) => containersOf(o)[0]!.command.includes('dist/apps/worker/src/main.js'))
      .map((o) => ({
        name: o.metadata.name,
        queues: environmentSchema.shape.WORKER_QUEUES.parse(environmentOf(containersOf(o)[0]!).WORKER_QUEUES),
      }));
    expect(served.map((s) => s.name).sort()).toEqual([
      'stancewatch-classifiers',
      'stancewatch-deliveries',
      'stancewatch-pollers',
    ]);
    expect(served.flatMap((s) => s.queues).sort()).toEqual(Object.values(QueueName).sort());
    expect(served.find((s) => s.name === 'stancewatch-classifiers')!.queues).toEqual(['classify']);
  });

  it('wires selectors, the Service, the disruption budgets, the model volume and the migration', () => {
    for (const o of ofKind('Deployment')) {
      expect(o.spec!.template!.metadata.labels).toMatchObject(o.spec!.selector!.matchLabels!);
      for (const c of containersOf(o)) {
        expect({
          name: o.metadata.name,
          requests: c.resources?.requests,
          limit: c.resources?.limits?.memory,
        }).toEqual({
          name: o.metadata.name,
          requests: { cpu: expect.any(String), memory: expect.any(String) },
          limit: expect.any(String),
        });
        expect(kustomization.images.map((i) => i.name)).toContain(c.image);
      }
    }
    const matches = (selector: Record<string, string>) =>
      ofKind('Deployment').filter((o) =>
        Object.entries(selector).every(([k, v]) => o.spec!.template!.metadata.labels[k] === v),
      );
    const service = ofKind('Service')[0]!;
    expect(matches(service.spec!.selector as Record<string, string>).map((o) => o.metadata.name)).toEqual([
      'stancewatch-api',
    ]);
    const budgets = ofKind('PodDisruptionBudget');
    expect(budgets.length).toBeGreaterThan(0);
    for (const budget of budgets) {
      const covered = matches(budget.spec!.selector!.matchLabels!);
      expect({ budget: budget.metadata.name, covers: covered.length }).toEqual({
        budget: budget.metadata.name,
        covers: 1,
      });
    }
    // Classifiers keep the hub downloads and the trained models on the shared volume, where the
    // configuration looks for them.
    const claim = ofKind('PersistentVolumeClaim')[0]!;
    const classifiers = deployment('stancewatch-classifiers');
    const worker = containersOf(classifiers)[0]!;
    const volume = classifiers.spec!.template!.spec.volumes!.find((v) => v.persistentVolumeClaim)!;
    expect(volume.persistentVolumeClaim!.claimName).toBe(claim.metadata.name);
    const env = environmentOf(worker);
    const mounts = worker.volumeMounts!.filter((m) => m.name === volume.name).map((m) => m.mountPath);
    expect(mounts.sort()).toEqual([env.MODEL_CACHE_DIR, env.MODEL_LOCAL_DIR].sort());
    expect(env.MODEL_LOCAL_DIR).toBe('/app/models');
    // One Job migrates and seeds; nothing else migrates at start.
    const [job] = ofKind('Job');
    expect(containersOf(job!)[0]!.command).toEqual(['node', 'bin/stancewatch.js', 'migrate', '--seed']);
    for (const o of ofKind('Deployment'))
      expect(environmentSchema.parse(environmentOf(containersOf(o)[0]!)).MIGRATE_ON_START).toBe(false);
  });

  describe('probes', () => {
    let target: TestDatabase;
    let api: INestApplication | undefined;
    let worker: INestApplicationContext | undefined;
    let workerHttp: WorkerHttpServer | undefined;
    let apiBase: string;
    let workerBase: string;
    let prefix: string;

    /** The port a probe names (a container port's name or number), and the path it asks for. */
    const probesOf = (name: string) => {
      const container = containersOf(deployment(name))[0]!;
      return (['livenessProbe', 'readinessProbe'] as const).map((kind) => {
        const probe = container[kind]!;
        const port = container.ports!.find(
          (p) => p.name === probe.httpGet.port || p.containerPort === probe.httpGet.port,
        )!;
        return { kind, path: probe.httpGet.path, port: port.containerPort, env: environmentOf(container) };
      });
    };

    beforeAll(async () => {
      target = await createTestDatabase();
      // The pollers' queues: their readiness needs no model. The paths are the same for every worker.
      const queues = environmentOf(containersOf(deployment('stancewatch-pollers'))[0]!).WORKER_QUEUES!;
      const workerConfig = testConfig(target.url, {
        WORKER_QUEUES: queues,
        WORKER_HTTP_PORT: String(await freePort()),
      });
      prefix = workerConfig.queuePrefix;
      const apiConfig = testConfig(target.url, { QUEUE_PREFIX: prefix });
      api = await createApi(apiConfig);
      apiBase = await listenLocally(api);
      // The server the worker process starts on WORKER_HTTP_PORT (it stays up until the process exits,
      // so the test starts and closes it itself, as test/api/metrics.test.ts does).
      worker = await startInProcessWorker(workerConfig);
      workerHttp = await startWorkerHttpServer(worker, workerConfig, workerConfig.workerHttpPort);
      workerBase = `http://127.0.0.1:${workerConfig.workerHttpPort}`;
    });

    afterAll(async () => {
      await workerHttp?.close();
      await worker?.close();
      await api?.close();
      if (prefix)
        await removeQueuesAt(
          { redisUrl: 'redis://127.0.0.1:6379', queuePrefix: prefix },
          ...Object.values(QueueName),
        );
      await target?.drop();
    });

    it("point at the API's port (PORT) and paths that answer 200", async () => {
      for (const probe of probesOf('stancewatch-api')) {
        expect({ probe: probe.kind, port: probe.port }).toEqual({
          probe: probe.kind,
          port: environmentSchema.parse(probe.env).PORT,
        });
        const response = await fetch(`${apiBase}${probe.path}`);
        expect({ probe: probe.kind, path: probe.path, status: response.status }).toEqual({
          probe: probe.kind,
          path: probe.path,
          status: 200,
        });
      }
      expect(probesOf('stancewatch-api').map((p) => p.path)).toEqual(['/healthz', '/readyz']);
    });

    it("point at each worker's WORKER_HTTP_PORT and paths its server answers with 200", async () => {
      for (const name of ['stancewatch-pollers', 'stancewatch-classifiers', 'stancewatch-deliveries']) {
        const probes = probesOf(name);
        expect(probes.map((p) => p.path)).toEqual(['/healthz', '/readyz']);
        for (const probe of probes) {
          expect({ name, probe: probe.kind, port: probe.port }).toEqual({
            name,
            probe: probe.kind,
            port: environmentSchema.parse(probe.env).WORKER_HTTP_PORT,
          });
          const response = await fetch(`${workerBase}${probe.path}`);
          expect({ name, path: probe.path, status: response.status }).toEqual({
            name,
            path: probe.path,
            status: 200,
          });
        }
      }
    });
  });
});
