import { UnprocessableError } from '@shop/platform';
import countries from 'i18n-iso-countries';

/** Where an order ships: the ISO 3166-1 alpha-2 code and the country's English name. */
export interface ShippingCountry {
  countryCode: string;
  location: string;
}

/** The alpha-2 codes shipped to; null means every country. */
export type ShippingCountries = ReadonlySet<string> | null;

/**
 * Reads a location given as an English country name, an alpha-2 or an alpha-3 code (any case) and
 * checks that the shop ships there; 422 on `location` otherwise.
 */
export function resolveShippingCountry(input: string, shipsTo: ShippingCountries): ShippingCountry {
  const countryCode = alpha2Of(input.trim());
  if (!countryCode) throw locationProblem(`${input.trim()} is not a known country`);
  if (shipsTo && !shipsTo.has(countryCode)) {
    throw locationProblem(`The shop does not ship to ${countries.getName(countryCode, 'en')}`);
  }
  return { countryCode, location: countries.getName(countryCode, 'en') ?? countryCode };
}

function alpha2Of(location: string): string | undefined {
  const upper = location.toUpperCase();
  // Codes are matched by shape first: isValid would also accept numeric codes.
  if (/^[A-Z]{2}$/.test(upper)) return upper in countries.getAlpha2Codes() ? upper : undefined;
  if (/^[A-Z]{3}$/.test(upper)) return countries.alpha3ToAlpha2(upper);
  return countries.getAlpha2Code(location, 'en') ?? countries.getSimpleAlpha2Code(location, 'en');
}

function locationProblem(message: string): UnprocessableError {
  return new UnprocessableError(message, [{ path: 'location', message }]);
}
