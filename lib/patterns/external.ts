/**
 * `external`: a managed service outside the cluster. Only an ExternalName Service, so
 * clients address it by the same short name as an in-cluster one; the network policies
 * add the egress rule to its `cidr`.
 */
import { Construct } from 'constructs';
import { ServiceExposure } from '../constructs/service-exposure';
import { serviceMetadata, type ServicePatternProps } from './service-pattern';

export class ExternalService extends Construct {
  readonly exposure: ServiceExposure;

  constructor(scope: Construct, id: string, props: ServicePatternProps) {
    super(scope, id);
    this.exposure = new ServiceExposure(this, 'Exposure', {
      name: props.name,
      metadata: serviceMetadata(props).metadata,
      service: props.service,
      flavour: 'ExternalName',
    });
  }
}
