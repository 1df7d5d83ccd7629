import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { HELPER_IMAGES, helperImage } from '../../lib/model/helper-images';
import { StoreBackup } from '../../lib/operations/backup';
import { POSTGRES_STORE, QDRANT_STORE } from '../operations/services';
import { buildStack, only, runnable, synthService } from './stack-builder';

const MIRROR = 'registry.example.com/mirror';

describe('helperImage', () => {
  it.each([
    [undefined, 'busybox:1.36.1'],
    [{ registry: MIRROR }, 'registry.example.com/mirror/library/busybox:1.36.1'],
    [{ registry: MIRROR, waitForDependencies: 'registry.example.com/tools/busybox:1.37.0' }, 'registry.example.com/tools/busybox:1.37.0'],
  ])('turns %j into %s', (images, image) => {
    expect(helperImage(images, 'waitForDependencies')).toBe(image);
  });

  it('keeps an image\'s organisation behind the mirror', () => {
    expect(helperImage({ registry: MIRROR }, 's3Upload')).toBe(`${MIRROR}/${HELPER_IMAGES.s3Upload}`);
  });
});

describe('the images the stack adds (`stack.helperImages`)', () => {
  const waitImage = (images?: Record<string, string>) => {
    const stack = buildStack({ worker: runnable('worker', { dependsOn: ['redis'] }) }, images ? { helperImages: images } : {});
    return only(synthService(stack, 'worker').manifests, 'Deployment').spec.template.spec.initContainers[0].image;
  };

  it('pulls the wait-for-dependencies helper from the mirror, or the image the overlay names', () => {
    expect(waitImage()).toBe('busybox:1.36.1');
    expect(waitImage({ registry: MIRROR })).toBe('registry.example.com/mirror/library/busybox:1.36.1');
    expect(waitImage({ waitForDependencies: 'ghcr.io/acme/busybox:1.36.1' })).toBe('ghcr.io/acme/busybox:1.36.1');
  });

  it('pulls the backup helpers from the mirror', () => {
    const chart = Testing.chart();
    const backup = { target: { s3: { bucket: 'b', endpoint: 'https://s3.example.com', secretName: 's3' } } };
    new StoreBackup(chart, 'Backup', {
      store: 'qdrant', namespace: 'shop', service: QDRANT_STORE, backup, labels: { stack: 'shop', environment: 'dev' },
      priorityClassName: 'shop-batch', images: { registry: MIRROR, s3Upload: 'registry.example.com/aws/aws-cli:2.22.35' },
    });
    const pod = Testing.synth(chart).find((o) => o.kind === 'CronJob').spec.jobTemplate.spec.template.spec;
    expect(pod.initContainers[0].image).toBe('registry.example.com/mirror/curlimages/curl:8.11.1');
    expect(pod.containers[0].image).toBe('registry.example.com/aws/aws-cli:2.22.35');
  });

  it('pulls the S3 download of a restore verification from the mirror too', () => {
    const chart = Testing.chart();
    const backup = { target: { s3: { bucket: 'b', endpoint: 'https://s3.example.com', secretName: 's3' } } };
    new StoreBackup(chart, 'Backup', {
      store: 'postgres', namespace: 'shop', service: POSTGRES_STORE, backup, labels: { stack: 'shop', environment: 'dev' },
      priorityClassName: 'shop-batch', images: { registry: MIRROR },
    });
    const verify = Testing.synth(chart).find((o) => o.kind === 'CronJob' && o.metadata.name === 'postgres-restore-verify');
    expect(verify.spec.jobTemplate.spec.template.spec.initContainers[0].image).toBe('registry.example.com/mirror/amazon/aws-cli:2.22.35');
  });
});
