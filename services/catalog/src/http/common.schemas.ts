import { z } from '@hono/zod-openapi';
import { money } from '@shop/contracts';
import { bearerSecurity, INT4_MAX, problemResponses } from '@shop/platform';

export const productNameSchema = z.string().trim().min(1).max(200);
export const categoryNameSchema = z.string().trim().min(1).max(100);
export const quantitySchema = z.int().min(0).max(INT4_MAX);
export const priceSchema = money.positive();
export const costSchema = money;

/** The problem+json responses a route may answer, for the OpenAPI document. */
export const problems = problemResponses;

/** The platform's OpenAPI body helpers, as every service writes them. */
export { jsonBody, jsonResponse } from '@shop/platform';

/** Routes only admins may call: documented with the bearer scheme. */
export const adminOnly = bearerSecurity;
