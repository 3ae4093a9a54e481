import { attempt, createSignIn, loadSignIn, loadSignInForUpdate, prepareFactor, resetPassword } from '../auth/sign-ins.js';
import { signInJson } from '../serialize.js';
import { envelope, type Route } from './route.js';
import type { RequestContext } from '../context.js';
import type { SignInRecord } from '../store.js';

const respond = async (ctx: RequestContext, si: SignInRecord) => {
  const fresh = (await ctx.app.store.getSignIn(si.id)) ?? si;
  return envelope(ctx, await signInJson(ctx, fresh));
};

const action = (name: string, run: (ctx: RequestContext, si: SignInRecord) => Promise<void>): Route => ({
  method: 'POST',
  path: `/v1/client/sign_ins/:id/${name}`,
  piggyback: true,
  handler: async (ctx) => {
    const si = await loadSignInForUpdate(ctx, ctx.params.id!);
    await run(ctx, si);
    return respond(ctx, si);
  },
});

export const signInRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/client/sign_ins',
    piggyback: true,
    handler: async (ctx) => respond(ctx, await createSignIn(ctx)),
  },
  {
    method: 'GET',
    path: '/v1/client/sign_ins/:id',
    handler: async (ctx) => respond(ctx, await loadSignIn(ctx, ctx.params.id!)),
  },
  action('prepare_first_factor', (ctx, si) => prepareFactor(ctx, si, 'first')),
  action('attempt_first_factor', (ctx, si) => attempt(ctx, si, 'first')),
  action('prepare_second_factor', (ctx, si) => prepareFactor(ctx, si, 'second')),
  action('attempt_second_factor', (ctx, si) => attempt(ctx, si, 'second')),
  action('reset_password', resetPassword),
];
