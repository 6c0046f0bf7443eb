import { profileChanges, settingChanges } from './admin-audit';
import { actorOf, AdminPrincipal, mayAccess, OPERATOR } from './admin-principal';
import { OrganizationSettings } from './organization';

describe('mayAccess', () => {
  const key: AdminPrincipal = { kind: 'organization', organizationId: 'org-a', keyId: 'key-1' };

  it.each([
    ['the operator, any organization', OPERATOR, 'org-a', true],
    ['the operator, no organization (create, list all)', OPERATOR, null, true],
    ['a key, its own organization', key, 'org-a', true],
    ['a key, another organization', key, 'org-b', false],
    ['a key, no organization', key, null, false],
  ])('%s', (_, principal, organizationId, allowed) => {
    expect(mayAccess(principal, organizationId)).toBe(allowed);
  });

  it('records the operator as "operator" and a key by its id', () => {
    expect([actorOf(OPERATOR), actorOf(key)]).toEqual(['operator', 'key-1']);
  });
});

describe('settingChanges', () => {
  const before: OrganizationSettings = {
    assistEnabled: false,
    respondOnlyWithPotentialAnswers: false,
    handoffTag: 'opencx_handedoff',
    dedupeWindowHours: 48,
    signOff: 'Best regards',
    helpCenterSyncMinutes: 15,
    actionableStatuses: ['new', 'open', 'pending', 'hold'],
    noteLanguage: 'en',
    guideWriteBack: false,
    zendeskRequestsPerMinute: 400,
    noAssistMatching: 'strict',
    questionRetentionDays: 90,
    macrosEnabled: false,
    macrosIncludeRestricted: false,
    solvedTicketsEnabled: false,
    solvedTicketsLookbackDays: 180,
  };

  it('keeps only what really changes, old → new', () => {
    expect(settingChanges(before, { assistEnabled: true, dedupeWindowHours: 48, actionableStatuses: ['new', 'open'] })).toEqual({
      assistEnabled: { from: false, to: true },
      actionableStatuses: { from: ['new', 'open', 'pending', 'hold'], to: ['new', 'open'] },
    });
  });

  it('is empty when nothing changes', () => {
    expect(settingChanges(before, { signOff: 'Best regards', actionableStatuses: ['new', 'open', 'pending', 'hold'] })).toEqual({});
  });
});

describe('profileChanges', () => {
  const before = { name: 'Acme', zendeskBaseUrl: 'https://acme.zendesk.com', zendeskEmail: 'agent@acme.test' };

  it('names fields as the request does and shows a rotated secret only as changed', () => {
    expect(profileChanges(before, { name: 'Acme Inc', zendeskBaseUrl: 'https://acme.zendesk.com' }, ['zendesk.apiToken'])).toEqual({
      name: { from: 'Acme', to: 'Acme Inc' },
      'zendesk.apiToken': { from: '[secret]', to: '[secret]' },
    });
  });

  it('is empty when nothing changes and no secret is rotated', () => {
    expect(profileChanges(before, { ...before }, [])).toEqual({});
  });
});
