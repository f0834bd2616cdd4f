// Runs once per `vitest run`, before any worker starts. On PostgreSQL (TEST_DATABASE_URL) it migrates
// one template database; test/helpers/db.ts copies every test database from it with
// `CREATE DATABASE ... TEMPLATE`, which is faster than migrating each one. PGlite needs nothing here:
// each worker keeps its own migrated instances.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/client.js';
import { databaseUrl } from './database-url.js';

export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    project.provide('templateDatabase', undefined);
    return;
  }
  const name = `tot_test_template_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const database = await openDatabase({ url: databaseUrl(serverUrl, name), poolSize: 1 });
  try {
    await database.migrate();
  } finally {
    // a template must have no open connections while it is copied
    await database.close();
  }
  project.provide('templateDatabase', name);
  return async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  };
}
