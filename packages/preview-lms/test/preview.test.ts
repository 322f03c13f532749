import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import request from 'supertest';
import { createPreviewApp, importPackage, PackageImportError, type ImportedPackage } from '../src/index';

async function samplePackage(): Promise<ImportedPackage> {
  const zip = new JSZip();
  zip.file(
    'imsmanifest.xml',
    `<manifest><organizations default="O"><organization identifier="O"><title>Law &amp; order</title>
<item identifier="I" identifierref="R"><title>x</title><adlcp:masteryscore>80</adlcp:masteryscore></item></organization></organizations>
<resources><resource identifier="R" type="webcontent" adlcp:scormtype="sco" href="index.html"><file href="index.html"/></resource></resources></manifest>`,
  );
  zip.file('index.html', '<!doctype html><title>SCO</title>');
  zip.file('assets/player.js', 'console.log(1)');
  return importPackage('sample', await zip.generateAsync({ type: 'uint8array' }));
}

/** A SCORM 2004 4th Edition package as the builder writes it: schemaversion, imsss primary objective. */
async function sample2004(
  options: { item?: string; metadata?: boolean; name?: string } = {},
): Promise<ImportedPackage> {
  const zip = new JSZip();
  const metadata =
    options.metadata === false
      ? ''
      : '<metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>';
  zip.file(
    'imsmanifest.xml',
    `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="M" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
${metadata}
<organizations default="ORG-1"><organization identifier="ORG-1"><title>Rights &amp; protection</title>
${
  options.item ??
  `<item identifier="ITEM-1" identifierref="RES-SCO" isvisible="true"><title>x</title>
<imsss:sequencing><imsss:objectives><imsss:primaryObjective objectiveID="PRIMARY-OBJ" satisfiedByMeasure="true">
<imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure></imsss:primaryObjective></imsss:objectives></imsss:sequencing></item>`
}
</organization></organizations>
<resources><resource identifier="RES-SCO" type="webcontent" adlcp:scormType="sco" href="index.html"><file href="index.html"/></resource></resources></manifest>`,
  );
  zip.file('index.html', '<!doctype html><title>SCO</title>');
  return importPackage(options.name ?? 'sample-2004', await zip.generateAsync({ type: 'uint8array' }));
}

const lrs = {
  endpoint: 'http://127.0.0.1:9/xapi/',
  writeAuth: 'Basic d3JpdGU6c2VjcmV0',
  readAuth: 'Basic cmVhZDpzZWNyZXQ=',
};

describe('preview LMS', () => {
  it('imports a package as an LMS does: title, launch file and mastery score from the manifest', async () => {
    const pkg = await samplePackage();
    expect(pkg).toMatchObject({
      name: 'sample',
      title: 'Law & order',
      launch: 'index.html',
      masteryScore: 80,
    });
  });

  it('tells SCORM 1.2 from SCORM 2004 by the manifest schemaversion, or else its namespace', async () => {
    expect((await samplePackage()).version).toBe('scorm12');
    expect(await sample2004()).toMatchObject({
      name: 'sample-2004',
      title: 'Rights & protection',
      launch: 'index.html',
      version: 'scorm2004',
      scaledPassingScore: 0.8,
    });
    expect((await sample2004({ metadata: false })).version).toBe('scorm2004');
    expect((await sample2004()).masteryScore).toBeUndefined();
  });

  it("launches a SCORM 2004 package's first item with its parameters (one SCO per module)", async () => {
    const pkg = await sample2004({
      item: `<item identifier="ITEM-m01" identifierref="RES-SCO" parameters="?module=m01"><title>M1</title></item>
<item identifier="ITEM-m02" identifierref="RES-SCO" parameters="?module=m02"><title>M2</title></item>`,
    });
    expect(pkg).toMatchObject({ launch: 'index.html?module=m01', scaledPassingScore: undefined });
    const app = createPreviewApp({ packages: [pkg], dataDir: null, lrs });
    const page = await request(app).get('/launch/sample-2004').expect(200);
    const config = JSON.parse(
      /<script type="application\/json" id="launch-config">(.*?)<\/script>/s.exec(page.text)![1]!,
    );
    const launch = new URL(config.launchUrl, 'http://lms.test');
    expect(launch.pathname).toBe('/pkg/sample-2004/index.html');
    expect(launch.searchParams.get('module')).toBe('m01');
    expect(launch.searchParams.get('endpoint')).toBe(lrs.endpoint);
  });

  it('refuses a zip without a manifest at its root, naming the problem', async () => {
    const zip = new JSZip();
    zip.file('course/imsmanifest.xml', '<manifest/>');
    await expect(importPackage('nested', await zip.generateAsync({ type: 'uint8array' }))).rejects.toThrow(
      new PackageImportError('nested: no imsmanifest.xml at the zip root'),
    );
  });

  it('lists packages and serves their files with the right content type', async () => {
    const app = createPreviewApp({ packages: [await samplePackage()], dataDir: null, lrs });
    const index = await request(app).get('/').expect(200);
    expect(index.text).toContain('href="/launch/sample"');
    await request(app)
      .get('/pkg/sample/assets/player.js')
      .expect(200)
      .expect('content-type', /javascript/);
    await request(app).get('/pkg/sample/missing.js').expect(404);
    await request(app)
      .get('/runtime/scorm12.min.js')
      .expect(200)
      .expect(/Scorm12API/);
  });

  it("lists SCORM 1.2 and SCORM 2004 packages side by side, naming each one's standard", async () => {
    const app = createPreviewApp({ packages: [await samplePackage(), await sample2004()], dataDir: null });
    const index = await request(app).get('/').expect(200);
    expect(index.text).toMatch(/<td>SCORM 1\.2<\/td><td><code>sample\.zip<\/code>/);
    expect(index.text).toMatch(/<td>SCORM 2004 4th Edition<\/td><td><code>sample-2004\.zip<\/code>/);
    expect(index.text).toContain('href="/launch/sample-2004"');
    await request(app)
      .get('/runtime/scorm2004.min.js')
      .expect(200)
      .expect('content-type', /javascript/)
      .expect(/Scorm2004API/);
  });

  it('gives a SCORM 2004 package Scorm2004API as window.API_1484_11, and a SCORM 1.2 one Scorm12API as window.API', async () => {
    const app = createPreviewApp({ packages: [await samplePackage(), await sample2004()], dataDir: null });
    const page2004 = (await request(app).get('/launch/sample-2004').expect(200)).text;
    expect(page2004).toContain('<script src="/runtime/scorm2004.min.js"></script>');
    expect(page2004).toContain('new Scorm2004API(');
    expect(page2004).toContain('window.API_1484_11 = api;');
    expect(page2004).toContain('data-cmi="cmi.completion_status"');
    expect(page2004).not.toContain('window.API = api;');
    expect(page2004).toContain('"scaledPassingScore":0.8');
    const page12 = (await request(app).get('/launch/sample').expect(200)).text;
    expect(page12).toContain('<script src="/runtime/scorm12.min.js"></script>');
    expect(page12).toContain('new Scorm12API(');
    expect(page12).toContain('window.API = api;');
    expect(page12).toContain('data-cmi="cmi.core.lesson_status"');
    expect(page12).not.toContain('API_1484_11');
  });

  it('launches with xAPI launch parameters carrying the write-only credential, never the read one', async () => {
    const app = createPreviewApp({ packages: [await samplePackage()], dataDir: null, lrs });
    const page = await request(app).get('/launch/sample').expect(200);
    const config = JSON.parse(
      /<script type="application\/json" id="launch-config">(.*?)<\/script>/s.exec(page.text)![1]!,
    );
    const launch = new URL(config.launchUrl, 'http://lms.test');
    expect(launch.pathname).toBe('/pkg/sample/index.html');
    expect(launch.searchParams.get('endpoint')).toBe(lrs.endpoint);
    expect(launch.searchParams.get('auth')).toBe(lrs.writeAuth);
    expect(JSON.parse(launch.searchParams.get('actor')!)).toMatchObject({
      account: { name: 'preview-learner' },
    });
    expect(launch.searchParams.get('registration')).toMatch(/^[0-9a-f-]{36}$/);
    expect(page.text).not.toContain(lrs.readAuth);
  });

  it('keeps committed CMI data across a restart when given a data directory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'preview-'));
    const packages = [await samplePackage()];
    const first = createPreviewApp({ packages, dataDir });
    await request(first).get('/api/attempts/sample').expect(404);
    const cmi = {
      core: { lesson_status: 'incomplete', lesson_location: 'm/p', exit: 'suspend' },
      suspend_data: '1|m/p||',
    };
    await request(first)
      .post('/api/attempts/sample')
      .send({ cmi })
      .expect(200, { result: true, errorCode: 0 });
    const second = createPreviewApp({ packages, dataDir });
    const stored = await request(second).get('/api/attempts/sample').expect(200);
    expect(stored.body).toMatchObject({ cmi, commits: 1 });
    await request(second).delete('/api/attempts/sample').expect(204);
    await request(createPreviewApp({ packages, dataDir })).get('/api/attempts/sample').expect(404);
  });

  it('keeps SCORM 2004 CMI data the same way', async () => {
    const app = createPreviewApp({ packages: [await sample2004()], dataDir: null });
    const cmi = {
      completion_status: 'completed',
      success_status: 'passed',
      score: { scaled: '1' },
      exit: 'normal',
      interactions: { '0': { id: 'm01-kc-1', result: 'correct' } },
    };
    await request(app)
      .post('/api/attempts/sample-2004')
      .send({ cmi })
      .expect(200, { result: true, errorCode: 0 });
    const stored = await request(app).get('/api/attempts/sample-2004').expect(200);
    expect(stored.body).toMatchObject({ cmi, commits: 1 });
  });

  it('accepts the commit at Terminate, which scorm-again sends as a text/plain beacon', async () => {
    const app = createPreviewApp({ packages: [await sample2004()], dataDir: null });
    const cmi = { completion_status: 'incomplete', exit: 'suspend', suspend_data: '2|m01/m01-l2||||' };
    await request(app)
      .post('/api/attempts/sample-2004')
      .set('content-type', 'text/plain;charset=UTF-8')
      .send(JSON.stringify({ cmi }))
      .expect(200, { result: true, errorCode: 0 });
    const stored = await request(app).get('/api/attempts/sample-2004').expect(200);
    expect(stored.body).toMatchObject({ cmi, commits: 1 });
  });

  it('answers a commit without CMI data with 400 and a JSON error', async () => {
    const app = createPreviewApp({ packages: [await samplePackage()], dataDir: null });
    const res = await request(app).post('/api/attempts/sample').send({ nothing: true }).expect(400);
    expect(res.body.message).toMatch(/"cmi" object/);
  });
});
