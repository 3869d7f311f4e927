/**
 * Files on knowledge pages: uploading, listing, downloading with safe headers, removing, the
 * page's history recording both, and every kind of bad upload refused with the form kept.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { createAccount } from '../accounts/accounts.commands.ts';
import { TestClient, type TestResponse, type UploadedFile } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { attachmentLimitBytes } from './knowledge.files.ts';
import { pageSchema } from './knowledge.schemas.ts';

const password = 'a long enough password';
const minimalPdf = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

function text(response: TestResponse) {
  return response.body
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

function file(filename: string, data: Buffer | string, contentType = 'application/octet-stream'): UploadedFile {
  return { name: 'attachment', filename, contentType, data: Buffer.isBuffer(data) ? data : Buffer.from(data) };
}

async function member(hub: TestHub, name: string, email: string) {
  const created = await createAccount(hub.db, { name, email, password, verified: true });
  assert.ok(created.ok, `creating ${email}`);
  const client = new TestClient(hub.app);
  await client.signIn(email, password);
  return { id: created.userId, client };
}

describe('files on knowledge pages', () => {
  let hub: TestHub;
  let ada: Awaited<ReturnType<typeof member>>;
  let ben: Awaited<ReturnType<typeof member>>;
  const visitor = () => new TestClient(hub.app);
  const upload = (client: TestClient, fields: Record<string, string>, files: UploadedFile[], page = 'allotment-rules') =>
    client.postMultipart(`/knowledge/${page}/attachments`, fields, files, { csrfFrom: `/knowledge/${page}` });
  const rows = () => hub.db.selectFrom('knowledge_attachments').selectAll().orderBy('id').execute();
  const summaries = async () =>
    (
      await hub.db
        .selectFrom('knowledge_revisions as r')
        .innerJoin('knowledge_pages as p', 'p.id', 'r.page_id')
        .where('p.slug', '=', 'allotment-rules')
        .select(['r.number', 'r.summary', 'r.author_id', 'r.body'])
        .orderBy('r.number')
        .execute()
    ).map((r) => [r.number, r.summary, r.author_id, r.body]);

  before(async () => {
    hub = await startTestHub();
    await setUpHub(hub.app);
    ada = await member(hub, 'Ada Lovelace', 'ada@example.org');
    ben = await member(hub, 'Ben Baker', 'ben@example.org');
    const created = await ada.client.postForm('/knowledge/new', { title: 'Allotment rules', body: 'Keep paths clear.', summary: '', template: '' });
    assert.equal(created.status, 303);
  });
  after(() => hub?.close());

  test('a member uploads a PDF: it is listed with name, size, who and when, downloads safely, and shows in the history', async () => {
    const response = await upload(ben.client, { description: 'The signed lease' }, [file('Lease “2025”.pdf', minimalPdf, 'application/pdf')]);
    assert.equal(response.status, 303, text(response).slice(0, 500));
    assert.equal(response.location, '/knowledge/allotment-rules');

    const [stored] = await rows();
    assert.ok(stored);
    assert.match(stored.stored_path, /^knowledge\/[A-Za-z0-9_-]{20,}\.pdf$/);
    assert.equal(stored.original_name, 'Lease “2025”.pdf');
    assert.equal(stored.size_bytes, minimalPdf.length);
    assert.deepEqual(fs.readFileSync(path.join(hub.config.uploadsDir, stored.stored_path)), minimalPdf);

    const page = await visitor().get('/knowledge/allotment-rules');
    assert.match(page.body, new RegExp(`<a href="/knowledge/allotment-rules/attachments/${stored.id}">Lease “2025”.pdf</a>`));
    assert.match(text(page), new RegExp(`\\(PDF, ${minimalPdf.length} bytes\\) The signed lease Added by Ben Baker on \\d+ \\w+ \\d{4}`));
    assert.doesNotMatch(page.body, /Upload the file|attachments\/\d+\/remove/, 'visitors are not offered changing files');
    assert.match((await ada.client.get('/knowledge/allotment-rules')).body, /Upload the file/);

    const download = await visitor().get(`/knowledge/allotment-rules/attachments/${stored.id}`);
    assert.equal(download.status, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.equal(download.headers['x-content-type-options'], 'nosniff');
    assert.equal(download.headers['content-disposition'], `attachment; filename="Lease _2025_.pdf"; filename*=UTF-8''Lease%20%E2%80%9C2025%E2%80%9D.pdf`);
    assert.match(String(download.headers['content-security-policy']), /sandbox/);
    assert.equal(download.body, minimalPdf.toString());
    // Only through the route: the uploads folder is not served.
    assert.equal((await visitor().get(`/uploads/${stored.stored_path}`)).status, 404);

    const json = pageSchema.parse((await visitor().get('/knowledge/allotment-rules.json')).json());
    assert.deepEqual(
      json.attachments.map((a) => [a.name, a.size, a.contentType, a.uploadedBy?.handle, a.url]),
      [['Lease “2025”.pdf', minimalPdf.length, 'application/pdf', 'ben-baker', `${hub.config.publicUrl}/knowledge/allotment-rules/attachments/${stored.id}`]],
    );

    // The text is unchanged; the history says who added which file.
    assert.deepEqual(await summaries(), [
      [1, 'Page created', ada.id, 'Keep paths clear.'],
      [2, 'Added the file “Lease “2025”.pdf”', ben.id, 'Keep paths clear.'],
    ]);
    assert.match(text(await visitor().get('/knowledge/allotment-rules/history')), /Version 2 \(current\) Ben Baker .* Added the file “Lease “2025”.pdf”/);
    assert.ok((await visitor().get('/knowledge.rss')).body.includes('Added the file'));
  });

  test('someone editing the text while a file is added is not told of a conflict', async () => {
    const form = await ada.client.get('/knowledge/allotment-rules/edit');
    const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
    assert.equal((await upload(ben.client, {}, [file('plot-map.csv', 'plot,holder\n1,Ada\n2,Ben\n', 'text/csv')])).status, 303);
    const saved = await ada.client.postForm('/knowledge/allotment-rules/edit', { version, title: 'Allotment rules', body: 'Keep paths clear. Close the gate.', summary: 'Gate' });
    assert.equal(saved.status, 303);
    const download = await visitor().get(`/knowledge/allotment-rules/attachments/${(await rows())[1]!.id}`);
    assert.equal(download.headers['content-type'], 'text/csv; charset=utf-8');
    assert.match(String(download.headers['content-disposition']), /^attachment; filename="plot-map.csv"/);
  });

  test('pictures are checked by their content and stored without their hidden details', async () => {
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#4a7' } })
      .jpeg()
      .withExif({ IFD0: { Copyright: 'exifmarkerwhere' } })
      .toBuffer();
    assert.ok(photo.includes('exifmarkerwhere'), 'the test picture carries EXIF data');
    const response = await upload(ben.client, { description: 'The plots from above' }, [file('plots.JPG', photo, 'image/jpeg')]);
    assert.equal(response.status, 303, text(response).slice(0, 300));
    const stored = (await rows()).at(-1)!;
    assert.equal(stored.content_type, 'image/jpeg');
    const download = await visitor().get(`/knowledge/allotment-rules/attachments/${stored.id}`);
    assert.equal(download.status, 200);
    assert.equal(download.headers['content-type'], 'image/jpeg');
    assert.ok(!download.body.includes('exifmarkerwhere'), 'EXIF data is gone');
    const metadata = await sharp(fs.readFileSync(path.join(hub.config.uploadsDir, stored.stored_path))).metadata();
    assert.deepEqual([metadata.width, metadata.height, metadata.format], [40, 30, 'jpeg']);
  });

  test('a wrong type, a file too large, an empty file or none: a 400 page saying what is wrong, keeping what was typed', async () => {
    const before = (await rows()).length;
    const revisions = (await summaries()).length;
    const cases: { files: UploadedFile[]; message: RegExp }[] = [
      { files: [file('program.exe', 'MZ\x90\x00binary')], message: /This kind of file cannot be added/ },
      { files: [file('report.pdf', 'plain text pretending to be a PDF', 'application/pdf')], message: /This kind of file cannot be added, or it is not what its name says/ },
      { files: [file('notes.txt', minimalPdf, 'text/plain')], message: /This kind of file cannot be added/ },
      { files: [file('picture.png', 'not a picture', 'image/png')], message: /This kind of file cannot be added/ },
      { files: [file('drawing.svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'image/svg+xml')], message: /This kind of file cannot be added/ },
      { files: [file('big.txt', Buffer.alloc(attachmentLimitBytes + 1, 'a'), 'text/plain')], message: /The file is too large: it can be at most 10.0 MB./ },
      { files: [file('empty.txt', Buffer.alloc(0), 'text/plain')], message: /The file you chose is empty/ },
      { files: [file('', Buffer.alloc(0))], message: /Choose a file to upload./ },
      { files: [], message: /Choose a file to upload./ },
    ];
    for (const { files, message } of cases) {
      const response = await upload(ben.client, { description: 'Kept words 42' }, files);
      const label = files[0]?.filename ?? 'no file';
      assert.equal(response.status, 400, label);
      assert.match(text(response), /There is a problem/, label);
      assert.match(text(response), message, label);
      assert.match(response.body, /<h1>Files of “Allotment rules”<\/h1>/, label);
      assert.match(response.body, /id="field-description"[^>]*value="Kept words 42"/, label);
      assert.match(response.body, /<input id="field-attachment" name="attachment" type="file"[^>]*aria-invalid="true"/, label);
    }
    const long = await upload(ben.client, { description: 'd'.repeat(201) }, [file('fine.txt', 'fine')]);
    assert.equal(long.status, 400);
    assert.match(text(long), /at most 200 characters/);
    // Far beyond the limit, the request itself is refused before it is read.
    const huge = await upload(ben.client, {}, [file('huge.txt', Buffer.alloc(attachmentLimitBytes + 512 * 1024, 'a'))]);
    assert.equal(huge.status, 413);
    assert.match(text(huge), /That was too large/);
    assert.equal((await rows()).length, before, 'nothing was stored');
    assert.equal((await summaries()).length, revisions, 'nothing entered the history');
    const onDisk = fs.readdirSync(path.join(hub.config.uploadsDir, 'knowledge'));
    assert.equal(onDisk.length, before, 'no file was left behind');
  });

  test('uploading needs signing in and a token; bad addresses are not found', async () => {
    const anonymous = await visitor().postMultipart('/knowledge/allotment-rules/attachments', {}, [file('a.txt', 'hello')], { csrfFrom: '/sign-in' });
    assert.equal(anonymous.status, 302);
    assert.match(anonymous.location ?? '', /^\/sign-in\?next=/);
    const forged = await ben.client.postMultipart('/knowledge/allotment-rules/attachments', { _csrf: 'forged' }, [file('a.txt', 'hello')]);
    assert.equal(forged.status, 403);
    const stored = (await rows())[0]!;
    for (const path of [
      '/knowledge/allotment-rules/attachments/abc',
      '/knowledge/allotment-rules/attachments/99999999',
      `/knowledge/no-such-page/attachments/${stored.id}`,
      '/knowledge/no-such-page/attachments',
    ]) {
      assert.equal((await visitor().get(path)).status, 404, path);
    }
    // A file of one page is not found through another.
    assert.equal((await ada.client.postForm('/knowledge/new', { title: 'Other page', body: 'x', summary: '', template: '' })).status, 303);
    assert.equal((await visitor().get(`/knowledge/other-page/attachments/${stored.id}`)).status, 404);
    assert.equal((await ben.client.postForm(`/knowledge/other-page/attachments/${stored.id}/remove`, {}, { csrfFrom: '/knowledge/other-page' })).status, 404);
    assert.equal((await ben.client.postMultipart('/knowledge/no-such-page/attachments', {}, [file('a.txt', 'hello')], { csrfFrom: '/knowledge' })).status, 404);
  });

  test('names and descriptions with markup are shown as text', async () => {
    // Browsers send a quote in a file name as %22.
    const response = await upload(ben.client, { description: '<script>alert(1)</script>' }, [file('<img src=x onerror=alert(2)>%22quoted%22.txt', 'harmless')]);
    assert.equal(response.status, 303, text(response).slice(0, 300));
    const stored = (await rows()).at(-1)!;
    assert.equal(stored.original_name, 'img src=x onerror=alert(2)quoted.txt');
    for (const path of ['/knowledge/allotment-rules', '/knowledge/allotment-rules/attachments', '/knowledge/allotment-rules/history']) {
      const page = await ben.client.get(path);
      const outsideAttributes = page.body.replace(/="[^"]*"/g, '=""');
      assert.doesNotMatch(outsideAttributes, /<script>alert|<img[^>]*onerror/i, path);
    }
    assert.match((await visitor().get('/knowledge/allotment-rules')).body, /&lt;script(>|&gt;)alert\(1\)&lt;\/script(>|&gt;)/);
    const download = await visitor().get(`/knowledge/allotment-rules/attachments/${stored.id}`);
    assert.equal(download.headers['content-disposition'], `attachment; filename="img src=x onerror=alert(2)quoted.txt"; filename*=UTF-8''img%20src%3Dx%20onerror%3Dalert%282%29quoted.txt`);
  });

  test('an editor removes a file: it is gone from the page, the disk and the address, and the history says so', async () => {
    const target = (await rows())[0]!;
    assert.equal((await visitor().postForm(`/knowledge/allotment-rules/attachments/${target.id}/remove`, {}, { csrfFrom: '/sign-in' })).status, 302);
    const removed = await ada.client.postForm(`/knowledge/allotment-rules/attachments/${target.id}/remove`, {}, { csrfFrom: '/knowledge/allotment-rules' });
    assert.equal(removed.status, 303);
    assert.equal(removed.location, '/knowledge/allotment-rules');
    assert.match(text(await ada.client.get('/knowledge/allotment-rules')), /The file “Lease “2025”.pdf” is removed from the page./);
    assert.ok(!(await rows()).some((row) => row.id === target.id));
    assert.equal(fs.existsSync(path.join(hub.config.uploadsDir, target.stored_path)), false);
    assert.equal((await visitor().get(`/knowledge/allotment-rules/attachments/${target.id}`)).status, 404);
    assert.doesNotMatch((await visitor().get('/knowledge/allotment-rules')).body, /Lease/);
    assert.match(text(await visitor().get('/knowledge/allotment-rules/history')), /Ada Lovelace .* Removed the file “Lease “2025”.pdf”/);
    const again = await ada.client.postForm(`/knowledge/allotment-rules/attachments/${target.id}/remove`, {}, { csrfFrom: '/knowledge/allotment-rules' });
    assert.equal(again.status, 404);
  });
});
