// The steps, in order. Each is { name, run(ctx), always? } in a module of its own; add one by adding its
// module here. A step marked always runs whatever DASHBOARD_STEPS selects (the sign-in).
import signIn from './sign-in.mjs';
import openApp from './open-app.mjs';
import classPermissions from './class-permissions.mjs';
import columnDefault from './column-default.mjs';
import config from './config.mjs';
import createClass from './create-class.mjs';
import addColumn from './add-column.mjs';
import addRow from './add-row.mjs';
import editRow from './edit-row.mjs';
import deleteClass from './delete-class.mjs';
import deleteColumn from './delete-column.mjs';
import deleteRow from './delete-row.mjs';
import exportRows from './export.mjs';
import filter from './filter.mjs';
import logs from './logs.mjs';
import otherPages from './other-pages.mjs';
import pointersRelations from './pointers-relations.mjs';
import protectedFields from './protected-fields.mjs';
import push from './push.mjs';
import purge from './purge.mjs';
import runJob from './run-job.mjs';
import scheduleJob from './schedule-job.mjs';
import sort from './sort.mjs';
import webhook from './webhook.mjs';

export const steps = [
  signIn, openApp,
  // the data browser
  createClass, addColumn, addRow, editRow, filter, deleteRow, pointersRelations, columnDefault, sort, exportRows,
  classPermissions, protectedFields,
  // the other pages
  config, webhook, scheduleJob, runJob, push, logs, otherPages,
  // the class's end
  deleteColumn, purge, deleteClass,
];
