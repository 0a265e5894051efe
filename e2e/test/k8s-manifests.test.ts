// deploy/k8s/base, checked offline (no cluster here): every manifest the kustomization lists is valid
// against the Kubernetes and KEDA schemas (kubernetes-models), and holds what the README promises —
// probes and requests on every Deployment, a PodDisruptionBudget each, queue-depth scaling for the
// consumers, CPU for the gateway, only the gateway reachable, every secret reference resolvable.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ScaledObject, TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const base = fileURLToPath(new URL('../../deploy/k8s/base/', import.meta.url));

// biome-ignore lint/suspicious/noExplicitAny: each model class takes its own manifest shape
type Model = new (data: any) => { validate(): void };
const models: Record<string, Model> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
  'keda.sh/v1alpha1/TriggerAuthentication': TriggerAuthentication,
};

// biome-ignore lint/suspicious/noExplicitAny: manifests are read as plain YAML and checked field by field
type Manifest = { apiVersion: string; kind: string; metadata: { name: string }; [field: string]: any };

async function loadManifests(): Promise<Manifest[]> {
  const [kustomization] = parseAllDocuments(await readFile(`${base}kustomization.yaml`, 'utf8'));
  const resources = kustomization?.toJS().resources as string[];
  const files = await Promise.all(resources.map((file) => readFile(`${base}${file}`, 'utf8')));
  return files.flatMap((text) => parseAllDocuments(text).map((document) => document.toJS() as Manifest));
}

const manifests = await loadManifests();
const ofKind = (kind: string) => manifests.filter((manifest) => manifest.kind === kind);
const named = (kind: string, name: string) =>
  ofKind(kind).find((manifest) => manifest.metadata.name === name);
const apps = ['auth', 'catalog', 'order', 'analytics', 'gateway'];
const consumers = ['catalog', 'order', 'analytics'];

describe('deploy/k8s/base', () => {
  it('every manifest is valid against its Kubernetes or KEDA schema', () => {
    for (const manifest of manifests) {
      const model = models[`${manifest.apiVersion}/${manifest.kind}`];
      expect(model, `${manifest.apiVersion} ${manifest.kind} has a schema here`).toBeDefined();
      expect(
        () => model && new model(manifest).validate(),
        `${manifest.kind} ${manifest.metadata.name}`,
      ).not.toThrow();
    }
  });

  it('each app is a Deployment with /readyz and /healthz probes, requests, a Service and a PodDisruptionBudget', () => {
    for (const app of apps) {
      const deployment = named('Deployment', app);
      const container = deployment?.spec.template.spec.containers[0];
      expect(container, app).toMatchObject({
        command: ['node', `dist/${app}/main.js`],
        readinessProbe: { httpGet: { path: '/readyz', port: 'http' } },
        livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
        resources: { requests: { cpu: expect.any(String), memory: expect.any(String) } },
      });
      expect(named('Service', app)?.spec.selector, app).toEqual(deployment?.spec.selector.matchLabels);
      expect(named('PodDisruptionBudget', app)?.spec.selector.matchLabels, app).toEqual(
        deployment?.spec.selector.matchLabels,
      );
      expect(deployment?.spec.replicas, app).toBeGreaterThanOrEqual(2);
    }
  });

  it("the consumers scale on their RabbitMQ queue's depth, the gateway on CPU", () => {
    for (const consumer of consumers) {
      const scaled = named('ScaledObject', consumer);
      expect(scaled?.spec.scaleTargetRef.name, consumer).toBe(consumer);
      expect(scaled?.spec.triggers, consumer).toContainEqual(
        expect.objectContaining({
          type: 'rabbitmq',
          metadata: expect.objectContaining({ queueName: consumer, mode: 'QueueLength' }),
          authenticationRef: { name: 'rabbitmq' },
        }),
      );
    }
    expect(named('TriggerAuthentication', 'rabbitmq')).toBeDefined();
    expect(named('HorizontalPodAutoscaler', 'gateway')?.spec).toMatchObject({
      scaleTargetRef: { kind: 'Deployment', name: 'gateway' },
      metrics: [{ type: 'Resource', resource: { name: 'cpu' } }],
    });
  });

  it('ingress is denied by default and open from outside the Shop for the gateway alone', () => {
    const policies = ofKind('NetworkPolicy');
    expect(named('NetworkPolicy', 'default-deny-ingress')?.spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
    });
    const openToAll = policies.filter((policy) =>
      (policy.spec.ingress ?? []).some((rule: { from?: unknown[] }) => !rule.from),
    );
    expect(openToAll.map((policy) => policy.spec.podSelector)).toEqual([
      { matchLabels: { 'app.kubernetes.io/name': 'gateway' } },
    ]);
    const published = ofKind('Service').filter((service) => service.spec.type === 'LoadBalancer');
    expect(published.map((service) => service.metadata.name)).toEqual(['gateway']);
  });

  it('every secret and config reference names a key the base defines', () => {
    const keysOf = (kind: string, name: string) => {
      const found = named(kind, name);
      return Object.keys({ ...found?.data, ...found?.stringData });
    };
    const workloads = [...ofKind('Deployment'), ...ofKind('Job')];
    for (const workload of workloads) {
      for (const container of workload.spec.template.spec.containers) {
        for (const variable of container.env ?? []) {
          const ref = variable.valueFrom?.secretKeyRef;
          if (ref)
            expect(keysOf('Secret', ref.name), `${workload.metadata.name} ${variable.name}`).toContain(
              ref.key,
            );
        }
        for (const source of container.envFrom ?? []) {
          if (source.secretRef) expect(named('Secret', source.secretRef.name)).toBeDefined();
          if (source.configMapRef) expect(named('ConfigMap', source.configMapRef.name)).toBeDefined();
        }
      }
    }
    const trigger = named('TriggerAuthentication', 'rabbitmq')?.spec.secretTargetRef[0];
    expect(keysOf('Secret', trigger.name)).toContain(trigger.key);
  });
});
