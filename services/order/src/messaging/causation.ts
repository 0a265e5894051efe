// The messaging kit's, named here so the service's use-cases import it from one place of their own.
export { type Causation, causedBy } from '@shop/messaging';
