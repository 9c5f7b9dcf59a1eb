/** @module English strings of approvers by role, stage conditions, absences and deputies (issue 21). */
export const routingEn = {
  roles: {
    title: 'Approvers by role',
    hint: 'Found when the stage starts; the history shows who they were.',
    add: 'Add role',
    department: 'Department',
    group: 'Workgroup or project',
    kind: {
      'initiator-head': "The initiator's head",
      responsible: "The subject's responsible",
      'department-head': "A department's head",
      'department-members': "A department's members",
      'group-members': "A workgroup's members",
    },
    label: {
      'initiator-head': "Initiator's head",
      responsible: 'Responsible',
      'department-head': 'Head of {department}',
      'department-members': 'Members of {department}',
      'group-members': 'Members of {group}',
    },
  },
  condition: {
    onlyFrom: 'Only when the amount is at least',
    afterEscalation: 'At the top of the structure',
    hint: 'Otherwise the stage is skipped and the history says why.',
    onlyPipelines: 'Only for deals in these pipelines',
    pipelines: 'Pipelines',
    onlySources: 'Only for deals and leads from these sources',
    sources: 'Sources',
  },
  resolution: {
    skipped: {
      'amount-below': 'Skipped: the amount {amount} is below {min}.',
      'pipeline-other': 'Skipped: the deal is in another pipeline.',
      'source-other': 'Skipped: the source does not match.',
      'no-approvers': 'Skipped: nobody holds its roles.',
    },
    role: '{role}: {people}',
    nobody: 'nobody',
    onBehalf: 'for {name}',
    delegated: '{deputy} decides for {absent} (away)',
  },
  absence: {
    title: 'My absence',
    hint: 'While you are away, new approval steps go to your deputy; you still see what was decided.',
    from: 'From',
    to: 'To',
    deputy: 'Deputy',
    add: 'Set absence',
    remove: 'Remove',
    empty: 'No absence planned.',
    item: '{from} – {to}, deputy: {deputy}',
    portalSetting: 'Use absences from Bitrix24 calendars',
    portalSettingHint:
      "People whose Bitrix24 calendar shows them absent hand new steps to their head. Needs the app's calendar scope.",
  },
}
