// setRegionGroupMembers: which regions a group is made of. Groups are reference data that figures for
// "the south" or "Donbas" rely on, so only admins change them, and every change is in the audit log.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { builder } from '../../builder.js';
import { regionMemberships, regions } from '../../db/schema.js';
import { RegionMemberships } from '../../store/entities.js';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors.js';
import { rowsOf } from '../../db/statements.js';
import { Region } from '../region.js';
import { regionCode } from './inputs.js';
import { writeTransaction } from './write.js';

const GROUP_KINDS = new Set(['AGGREGATE', 'COUNTRY', 'MILITARY_DISTRICT']);

const setMembersSchema = z
  .object({
    groupCode: regionCode,
    memberCodes: z.array(regionCode).max(200, 'at most 200 members'),
  })
  .superRefine((v, ctx) => {
    const seen = new Map<string, number>();
    v.memberCodes.forEach((code, i) => {
      if (code === v.groupCode) {
        ctx.addIssue({ code: 'custom', path: ['memberCodes', i], message: `a group cannot contain itself (${code})` });
      }
      const first = seen.get(code);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['memberCodes', i], message: `${code} is listed twice (also memberCodes[${first}])` });
      } else seen.set(code, i);
    });
  });

export const SetRegionGroupMembersInput = builder.inputType('SetRegionGroupMembersInput', {
  description: 'The whole list of regions a group is made of; it replaces the present list.',
  fields: (t) => ({
    groupCode: t.string({ required: true, description: 'the group, e.g. UA-SOUTH (a region of kind AGGREGATE, COUNTRY or MILITARY_DISTRICT)' }),
    memberCodes: t.stringList({ required: true, description: 'the codes of its members, each once; not the group itself' }),
  }),
  validate: setMembersSchema,
});

builder.mutationFields((t) => ({
  setRegionGroupMembers: t.drizzleField({
    type: Region,
    authScopes: { admin: true },
    description:
      'Sets which regions a group is made of (ADMIN). A group cannot contain itself, directly or through another group, nor a region twice.',
    args: { input: t.arg({ type: SetRegionGroupMembersInput, required: true }) },
    errors: {
      types: [ValidationError, NotFoundError, ConflictError],
      union: { description: 'The group with its new members, or why nothing was written.' },
      result: { description: 'The members were set.' },
      dataField: { name: 'region', description: 'the group as it now is' },
    },
    resolve: async (query, _root, args, ctx) => {
      const input = args.input as unknown as z.output<typeof setMembersSchema>;
      const { value: groupId } = await writeTransaction(ctx, async (w) => {
        const tx = w.tx;
        const [group] = await tx.select().from(regions).where(eq(regions.code, input.groupCode)).for('update');
        if (!group) throw new NotFoundError('Region', input.groupCode);
        if (!GROUP_KINDS.has(group.kind)) {
          throw new ValidationError([
            { path: ['input', 'groupCode'], message: `${group.code} is a region of kind ${group.kind}, not a group (AGGREGATE, COUNTRY or MILITARY_DISTRICT)` },
          ]);
        }
        const found = input.memberCodes.length
          ? await tx.select({ id: regions.id, code: regions.code }).from(regions).where(inArray(regions.code, input.memberCodes))
          : [];
        const ids = new Map(found.map((r) => [r.code, r.id]));
        const unknown = input.memberCodes.flatMap((code, i) =>
          ids.has(code) ? [] : [{ path: ['input', 'memberCodes', String(i)], message: `unknown region code ${code}` }],
        );
        if (unknown.length) throw new ValidationError(unknown);
        // A member that holds the group, directly or through other groups, would make a cycle.
        const memberIds = input.memberCodes.map((code) => ids.get(code)!);
        if (memberIds.length) {
          const cyclic = rowsOf<{ code: string }>(
            await tx.execute(sql`
              /* regionGroupCycle */
              with recursive below(id) as (
                select member_id from region_memberships where group_id in (select (jsonb_array_elements_text(${JSON.stringify(memberIds)}::jsonb))::int)
                union select m.member_id from region_memberships m join below b on m.group_id = b.id
              )
              select ${group.code}::text as code where ${group.id}::int in (select id from below)`),
          );
          if (cyclic.length) {
            throw new ValidationError([
              { path: ['input', 'memberCodes'], message: `a group cannot contain itself: one of the members already contains ${group.code}` },
            ]);
          }
        }
        const existing = await tx.select().from(regionMemberships).where(eq(regionMemberships.groupId, group.id));
        const wanted = new Set(memberIds);
        const have = new Set(existing.map((m) => m.memberId));
        const gone = existing.filter((m) => !wanted.has(m.memberId)).map((m) => m.memberId);
        if (gone.length) await w.remove(RegionMemberships, and(eq(regionMemberships.groupId, group.id), inArray(regionMemberships.memberId, gone)));
        await w.insert(RegionMemberships, memberIds.filter((id) => !have.has(id)).map((memberId) => ({ groupId: group.id, memberId })));
        return group.id;
      });
      return (await ctx.db.query.regions.findFirst(query({ where: { id: groupId } })))!;
    },
  }),
}));
