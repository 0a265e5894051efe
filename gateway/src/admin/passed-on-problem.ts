import { AppError, problemSchema } from '@shop/platform';
import type { ServiceAnswer } from './ask-services.js';

/** A service's problem answer, passed on to the client as it came (401 and 403 above all). */
export class PassedOnProblem extends AppError {
  readonly status: number;
  readonly title: string;

  constructor(answer: Extract<ServiceAnswer, { status: number }>) {
    const problem = problemSchema.safeParse(answer.body);
    const detail = problem.success
      ? problem.data.detail
      : `The ${answer.service} service refused the request`;
    const headers = answer.wwwAuthenticate ? { 'www-authenticate': answer.wwwAuthenticate } : undefined;
    super(detail, problem.success ? problem.data.errors : undefined, headers);
    this.status = answer.status;
    this.title = problem.success ? problem.data.title : 'Refused';
  }
}
