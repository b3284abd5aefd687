import { z } from 'zod';
import { namingBodyField } from '../auth/field-problems.js';
import { limitingPasswordGuesses } from '../auth/password-guesses.js';
import { IdParams, PaginationQuery, pageSchema, Timestamp } from '../presenters/common.js';
import { RoleSchema, StaffUserDto, toStaffUserDto } from '../presenters/people.js';
import type { ApiRoutes } from '../routing/api-routes.js';
import { Text } from '../routing/request-schema.js';
import type { RouteDeps } from './route-deps.js';

const Password = Text.min(1).max(1024).describe('At least 10 characters (checked by the use case)');
const CreateStaffUser = z.strictObject({
  email: Text.min(3).max(254),
  name: Text.min(1).max(200),
  password: Password,
  roles: z.array(RoleSchema).min(1),
});
const UpdateStaffUser = z.strictObject({
  name: Text.min(1).max(200).optional(),
  roles: z.array(RoleSchema).min(1).optional(),
  active: z.boolean().optional(),
  password: Password.optional().describe('Your own only (with `currentPassword`); owners reset others with `password-reset`'),
  currentPassword: Text.min(1).max(1024).optional().describe('Required to change your own password'),
});
const ResetPassword = z.strictObject({ newPassword: Password });

export function staffRoutes(routes: ApiRoutes, { useCases, uow, loginLimiter }: RouteDeps): void {
  routes.add({
    method: 'GET',
    url: '/api/v1/staff/users',
    access: 'staff',
    summary: 'List staff users',
    tags: ['staff'],
    query: PaginationQuery,
    responses: { 200: { description: 'A page of users', schema: pageSchema(StaffUserDto) } },
    handler: async ({ actor, query }) => {
      const users = await useCases.staff.listUsers(actor);
      const sorted = [...users].sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
      return {
        items: sorted.slice(query.offset, query.offset + query.limit).map(toStaffUserDto),
        total: sorted.length,
        offset: query.offset,
        limit: query.limit,
      };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/staff/users',
    access: 'staff',
    summary: 'Create a staff user',
    tags: ['staff'],
    body: CreateStaffUser,
    responses: { 201: { description: 'Created', schema: StaffUserDto } },
    handler: async ({ actor, body, reply }) => {
      const user = await useCases.staff.createUser(actor, body);
      reply.code(201).header('location', `/api/v1/staff/users/${encodeURIComponent(user.id)}`);
      return toStaffUserDto(user);
    },
  });

  routes.add({
    method: 'PATCH',
    url: '/api/v1/staff/users/:id',
    // Users may change their own name and password; the use case asks for an owner for the rest.
    access: 'authenticated',
    summary: 'Change a staff user (roles and activation: owners only)',
    description:
      'Deactivating a user or taking a role away applies to their very next request and revokes their refresh tokens. ' +
      'Changing your own `password` needs `currentPassword` (422 `STAFF.CURRENT_PASSWORD_REQUIRED` / ' +
      '`STAFF.CURRENT_PASSWORD_WRONG`) and signs out every session, this one’s refresh token included ' +
      '(`POST /api/v1/auth/password` keeps this session). Another user’s password is set with `password-reset` ' +
      '(422 `STAFF.USE_PASSWORD_RESET` here).',
    tags: ['staff'],
    params: IdParams,
    body: UpdateStaffUser,
    responses: {
      200: { description: 'Updated', schema: StaffUserDto },
      403: { description: 'Editing another user, or roles or activation, needs the `staff` capability (`AUTH.FORBIDDEN`)' },
      429: { description: 'Too many wrong current passwords; they count as failed sign-ins' },
    },
    handler: async ({ actor, params, body, request }) => {
      const update = () => useCases.staff.updateUser(actor, params.id, body);
      const provesPassword = body.password !== undefined && actor.userId === params.id;
      const updated = await namingBodyField(() =>
        provesPassword ? limitingPasswordGuesses({ uow, loginLimiter }, actor.userId, request.ip, update) : update(),
      );
      return toStaffUserDto(updated);
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/staff/users/:id/password-reset',
    access: 'staff',
    summary: 'Set another staff user’s password (owners; audited)',
    description:
      'For a user who forgot theirs: no current password needed. Their sessions end (refresh tokens revoked) and a ' +
      '`staff.password_reset` event naming who did it is recorded. Your own password is changed with `POST /api/v1/auth/password`.',
    tags: ['staff'],
    params: IdParams,
    body: ResetPassword,
    responses: { 200: { description: 'The user, with the new password set', schema: StaffUserDto } },
    handler: async ({ actor, params, body }) =>
      toStaffUserDto(await namingBodyField(() => useCases.auth.resetPassword(actor, params.id, body.newPassword))),
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/staff/me/chat-link-code',
    access: 'authenticated',
    summary: 'A one-time code to link your chat to the in-chat staff menu',
    description: 'Send the code to the shop bot within 15 minutes.',
    tags: ['staff'],
    responses: { 201: { description: 'The code', schema: z.object({ code: z.string(), expiresAt: Timestamp }) } },
    handler: async ({ actor, reply }) => {
      const { code, expiresAt } = await useCases.staff.createChatLinkCode(actor);
      reply.code(201).header('cache-control', 'no-store');
      return { code, expiresAt: expiresAt.toISOString() };
    },
  });
}
