// Shared setup: the official SDK pointed at the server under test.
// PARSE_SERVER_URL, PARSE_APP_ID and PARSE_MASTER_KEY name it. The master key is only sent on calls
// given { useMasterKey: true } (`master` below): every other call acts as a plain client.
import Parse from 'parse/node';

export const serverURL = process.env.PARSE_SERVER_URL ?? 'http://127.0.0.1:1337/parse';
export const appId = process.env.PARSE_APP_ID ?? 'parsec';
export const masterKey = process.env.PARSE_MASTER_KEY;
if (!masterKey) throw new Error('PARSE_MASTER_KEY is required');

Parse.initialize(appId);
Parse.masterKey = masterKey;
Parse.serverURL = serverURL;

/** Set PARSE_ALLOW_CLIENT_CLASS_CREATION=true when the server lets clients create classes (Parsec's default: off). */
export const clientClassCreation = process.env.PARSE_ALLOW_CLIENT_CLASS_CREATION === 'true';

/**
 * Test options for behaviour Parse Server's PostgreSQL adapter gets wrong (Parse on MongoDB and Parsec get it
 * right): set PARSE_POSTGRES_ADAPTER=true to skip those tests when the server under test is Parse Server on
 * PostgreSQL, the reference in /work/shared/bench.
 */
export const beyondPostgresAdapter = {
  skip: process.env.PARSE_POSTGRES_ADAPTER === 'true' && "Parse Server's PostgreSQL adapter fails this",
};

export { Parse };
export const master = { useMasterKey: true };

let counter = 0;
/** A class name no earlier run used: client class creation may be off, so tests create classes as master. */
export function uniqueClass(prefix) {
  counter += 1;
  return `${prefix}_${Date.now().toString(36)}_${counter}`;
}

/** Saves objects of a new class as master (which creates the class), then returns them. */
export async function seed(className, rows) {
  const objects = rows.map((attrs) => new Parse.Object(className, attrs));
  await Parse.Object.saveAll(objects, master);
  return objects;
}
