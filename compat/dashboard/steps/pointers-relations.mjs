// Pointer and Relation columns: adds both (to the class itself), sets a row's pointer in its cell, and opens
// a relation (made through the REST API) from its cell, whose view lists the related row.
import { CLASS } from './create-class.mjs';
import { COLUMN } from './add-column.mjs';
import { sleep } from '../lib/ui.mjs';

export const CHILD = 'child row';
const PARENT = 'parent row';

async function addColumn(ui, type, name) {
  await ui.click('Add a new column');
  await ui.click('String');
  await sleep(300); // the list opens with a transition
  await ui.click(type);
  await ui.waitText('Target class');
  await ui.fill('input[placeholder="Give it a good name..."]', name);
  await ui.click('Add');
  await ui.waitNoText('Store another type of data in this class.');
  await ui.settle();
}

export default {
  name: 'pointers-relations',
  async run({ page, ui, api }) {
    const parentId = (await api.post(`/classes/${CLASS}`, { [COLUMN]: PARENT })).objectId;
    const childId = (await api.post(`/classes/${CLASS}`, { [COLUMN]: CHILD })).objectId;
    await ui.open(`/browser/${CLASS}`);
    await addColumn(ui, 'Pointer', 'parent');
    await addColumn(ui, 'Relation', 'related');
    const fields = (await api.get(`/schemas/${CLASS}`)).fields;
    if (fields.parent?.type !== 'Pointer' || fields.parent.targetClass !== CLASS
        || fields.related?.type !== 'Relation' || fields.related.targetClass !== CLASS) {
      throw new Error(`the pointer and relation columns are not in the schema: ${JSON.stringify(fields)}`);
    }

    await ui.open(`/browser/${CLASS}`);
    const { y } = await ui.cellPoint(COLUMN, CHILD);
    const header = await ui.cellPoint('parent', CHILD);
    await page.mouse.click(header.x, y);
    await page.mouse.click(header.x, y, { clickCount: 2 });
    const editor = await page.waitForSelector('input:focus, textarea:focus', { visible: true });
    await editor.type(parentId);
    await page.keyboard.press('Enter');
    await ui.waitText(parentId);
    await ui.settle();
    const child = await api.get(`/classes/${CLASS}/${childId}`);
    if (child.parent?.objectId !== parentId || child.parent.className !== CLASS) {
      throw new Error(`the child's pointer is ${JSON.stringify(child.parent)}`);
    }

    await api.put(`/classes/${CLASS}/${parentId}`, {
      related: { __op: 'AddRelation', objects: [{ __type: 'Pointer', className: CLASS, objectId: childId }] },
    });
    await ui.open(`/browser/${CLASS}`);
    const relation = await ui.cellPoint('related', PARENT);
    // the cell's arrow opens the relation's view (the cell is 150 px wide; relation.x is 20 px into it)
    await page.mouse.click(relation.x + 116, relation.y);
    await ui.waitText(`'related' on ${parentId}`);
    await ui.waitText(CHILD);
    await ui.waitText('1 objects');
  },
};
