import { readOrganizationForm, readSettingsForm } from './organization-forms';

describe('the console forms', () => {
  it('reads the settings form: an unticked checkbox is off, one status is a list, whole numbers are numbers', async () => {
    const read = await readSettingsForm({
      _csrf: 'token',
      actionableStatuses: 'open',
      noteLanguage: 'fr',
      handoffTag: ' handoff ',
      noAssistMatching: 'strict',
      zendeskRequestsPerMinute: '700',
      questionRetentionDays: '30',
      guideWriteBack: 'on',
    });
    expect(read).toMatchObject({
      changes: {
        assistEnabled: false,
        respondOnlyWithPotentialAnswers: false,
        actionableStatuses: ['open'],
        noteLanguage: 'fr',
        handoffTag: 'handoff',
        guideWriteBack: true,
        noAssistMatching: 'strict',
        zendeskRequestsPerMinute: 700,
        questionRetentionDays: 30,
      },
    });
    expect('changes' in read && '_csrf' in read.changes).toBe(false);
  });

  it('gives each refused setting its problems under the form\'s field name, with the values as typed', async () => {
    const read = await readSettingsForm({ actionableStatuses: ['open', 'archived'], noteLanguage: 'xx', handoffTag: 'a b', noAssistMatching: 'strict', zendeskRequestsPerMinute: '1.5', questionRetentionDays: '0' });
    expect('problems' in read && Object.keys(read.problems).sort()).toEqual(['actionableStatuses', 'handoffTag', 'noteLanguage', 'questionRetentionDays', 'zendeskRequestsPerMinute']);
    expect(read.values).toMatchObject({ actionableStatuses: ['open', 'archived'], zendeskRequestsPerMinute: '1.5', questionRetentionDays: '0' });
  });

  it('reads the sign-off, dedupe window and sync interval by the DTO\'s limits, and leaves them alone when not sent', async () => {
    const base = { handoffTag: 'handoff', noteLanguage: 'en', noAssistMatching: 'strict', zendeskRequestsPerMinute: '400', questionRetentionDays: '90' };
    const read = await readSettingsForm({ ...base, signOff: ' Cheers, Acme ', dedupeWindowHours: '720', helpCenterSyncMinutes: '10080' });
    expect(read).toMatchObject({ changes: { signOff: 'Cheers, Acme', dedupeWindowHours: 720, helpCenterSyncMinutes: 10080 } });
    const refused = await readSettingsForm({ ...base, signOff: '', dedupeWindowHours: '721', helpCenterSyncMinutes: '0' });
    expect('problems' in refused && Object.keys(refused.problems).sort()).toEqual(['dedupeWindowHours', 'helpCenterSyncMinutes', 'signOff']);
    const older = await readSettingsForm(base);
    expect('changes' in older && ['signOff', 'dedupeWindowHours', 'helpCenterSyncMinutes'].filter((name) => name in older.changes && older.changes[name as 'signOff'] !== undefined)).toEqual([]);
  });

  it('reads the create form as the admin API\'s body, and asks for a subdomain when there is none', async () => {
    const fields = { name: 'Acme', subdomain: 'acme', email: 'a@acme.test', apiToken: 't', webhookSigningSecret: 'webhook-signing-secret-0123456789' };
    expect(await readOrganizationForm(fields)).toMatchObject({
      registration: { name: 'Acme', zendesk: { subdomain: 'acme', email: 'a@acme.test', apiToken: 't' }, webhookSigningSecret: 'webhook-signing-secret-0123456789' },
    });
    const refused = await readOrganizationForm({ ...fields, subdomain: '' });
    expect('problems' in refused && refused.problems).toEqual({ subdomain: ['Enter the Zendesk subdomain (acme for acme.zendesk.com)'] });
  });

  it('stands a random secret in for a blank one, so nothing verifies until Connect Zendesk stores the webhook\'s own', async () => {
    const fields = { name: 'Acme', subdomain: 'acme', email: 'a@acme.test', apiToken: 't', webhookSigningSecret: '' };
    const [first, second] = await Promise.all([readOrganizationForm(fields), readOrganizationForm(fields)]);
    const secretOf = (read: typeof first) => ('registration' in read ? read.registration.webhookSigningSecret : '');
    expect(secretOf(first)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(secretOf(second)).not.toBe(secretOf(first));
  });
});
