import { Territories1764201600000 } from './1764201600000-Territories';
import { IdentityAndAccess1764288000000 } from './1764288000000-IdentityAndAccess';
import { LiveWorkshops1764374400000 } from './1764374400000-LiveWorkshops';
import { Campaigns1764460800000 } from './1764460800000-Campaigns';
import { DotVotesOnThemes1764504000000 } from './1764504000000-DotVotesOnThemes';
import { WorkshopEntryLock1764518400000 } from './1764518400000-WorkshopEntryLock';
import { Proposals1764547200000 } from './1764547200000-Proposals';
import { Tour1764633600000 } from './1764633600000-Tour';
import { Panels1764720000000 } from './1764720000000-Panels';
import { PanelDrawJobs1764806400000 } from './1764806400000-PanelDrawJobs';
import { WallLinks1764810000000 } from './1764810000000-WallLinks';
import { FieldKits1764900000000 } from './1764900000000-FieldKits';
import { PanelReplacementJobs1764910000000 } from './1764910000000-PanelReplacementJobs';
import { MailOutbox1764920000000 } from './1764920000000-MailOutbox';
import { CensusMargins1764930000000 } from './1764930000000-CensusMargins';
import { HeardProfiles1765000000000 } from './1765000000000-HeardProfiles';
import { ProposalListIndexes1765020000000 } from './1765020000000-ProposalListIndexes';
import { ProposalScopeSearch1765300000000 } from './1765300000000-ProposalScopeSearch';

/** The committed migrations, oldest first. A new migration is added at the end. */
export const migrations = [
  Territories1764201600000,
  IdentityAndAccess1764288000000,
  LiveWorkshops1764374400000,
  Campaigns1764460800000,
  DotVotesOnThemes1764504000000,
  WorkshopEntryLock1764518400000,
  Proposals1764547200000,
  Tour1764633600000,
  Panels1764720000000,
  PanelDrawJobs1764806400000,
  WallLinks1764810000000,
  FieldKits1764900000000,
  PanelReplacementJobs1764910000000,
  MailOutbox1764920000000,
  CensusMargins1764930000000,
  HeardProfiles1765000000000,
  ProposalListIndexes1765020000000,
  ProposalScopeSearch1765300000000,
];
