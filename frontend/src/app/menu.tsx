// The navigation: groups of screens with icons, each shown only when the server granted what
// the screen is for (GET /me `grants`). The same model gives the menu, the breadcrumb and the
// badges, so a screen is named one way everywhere.
import type { ReactNode } from 'react';
import {
  AccountBookOutlined,
  AuditOutlined,
  BankOutlined,
  BookOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  ContainerOutlined,
  DashboardOutlined,
  EditOutlined,
  FileDoneOutlined,
  FileTextOutlined,
  FormOutlined,
  GlobalOutlined,
  InboxOutlined,
  KeyOutlined,
  MoneyCollectOutlined,
  ProfileOutlined,
  ReadOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SolutionOutlined,
  StopOutlined,
  TeamOutlined,
  UserOutlined,
  WalletOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import type { Grant, Me } from '../lib/me';
import type { Badge } from '../features/workbench/waiting';

export interface Screen {
  /** The route, also the menu key. */
  path: string;
  /** i18n key of its name. */
  label: string;
  icon: ReactNode;
  /** Shown when the caller holds any of these (none: everyone). */
  grants?: Grant[];
  /** The workbench count shown as this item's badge: what waits behind the screen. */
  badge?: Badge;
}

export interface ScreenGroup {
  key: string;
  label: string;
  screens: Screen[];
}

export const GROUPS: ScreenGroup[] = [
  {
    key: 'home',
    label: 'nav.groups.home',
    screens: [
      { path: '/', label: 'nav.workbench', icon: <DashboardOutlined /> },
      { path: '/inbox', label: 'nav.inbox', icon: <InboxOutlined />, grants: ['read_inbox'], badge: 'inbox' },
      { path: '/my-classes', label: 'nav.myClasses', icon: <ReadOutlined />, grants: ['my_classes'] },
      { path: '/my-exams', label: 'exam.nav.mine', icon: <ProfileOutlined />, grants: ['my_exams'] },
    ],
  },
  {
    key: 'training',
    label: 'nav.groups.training',
    screens: [
      { path: '/training', label: 'nav.training', icon: <BookOutlined />, grants: ['read_training'], badge: 'classes' },
      { path: '/training/enrol', label: 'nav.enrol', icon: <FormOutlined />, grants: ['enrol'] },
      { path: '/training/enrolments', label: 'nav.enrolments', icon: <SolutionOutlined />, grants: ['read_enrolments'], badge: 'enrolments' },
      { path: '/training/attendance', label: 'nav.attendance', icon: <CheckSquareOutlined />, grants: ['mark_attendance'], badge: 'attendance' },
      { path: '/training/plans', label: 'nav.plans', icon: <FileTextOutlined />, grants: ['manage_training'], badge: 'plans' },
      { path: '/training/teachers', label: 'nav.teachers', icon: <TeamOutlined />, grants: ['manage_training'] },
      { path: '/training/calendar', label: 'nav.calendar', icon: <CalendarOutlined />, grants: ['manage_training', 'confirm_payments'] },
    ],
  },
  {
    key: 'exams',
    label: 'exam.nav.group',
    screens: [
      { path: '/exams/banks', label: 'exam.nav.banks', icon: <ContainerOutlined />, grants: ['manage_exam_banks'] },
      { path: '/exams/papers', label: 'exam.nav.papers', icon: <FileDoneOutlined />, grants: ['manage_exam_banks'] },
      { path: '/exams/sittings', label: 'exam.nav.sittings', icon: <ScheduleOutlined />, grants: ['run_exam_sittings', 'read_exam_results'] },
      { path: '/exams/duties', label: 'exam.nav.duties', icon: <SafetyCertificateOutlined />, grants: ['exam_duties'] },
      { path: '/exams/marking', label: 'exam.nav.marking', icon: <EditOutlined />, grants: ['exam_duties'] },
    ],
  },
  {
    key: 'finance',
    label: 'nav.groups.finance',
    screens: [
      { path: '/training/refunds', label: 'nav.refunds', icon: <MoneyCollectOutlined />, grants: ['read_refunds'], badge: 'refunds' },
      { path: '/training/accounts', label: 'nav.accounts', icon: <WalletOutlined />, grants: ['read_accounts'], badge: 'accounts' },
      { path: '/training/blacklist', label: 'nav.blacklist', icon: <StopOutlined />, grants: ['read_blacklist'] },
      { path: '/exams/retake-fees', label: 'exam.nav.retakeFees', icon: <AccountBookOutlined />, grants: ['confirm_payments'] },
    ],
  },
  {
    key: 'directory',
    label: 'nav.groups.directory',
    screens: [
      { path: '/organizations', label: 'nav.organizations', icon: <BankOutlined />, grants: ['read_organizations'] },
      { path: '/persons', label: 'nav.persons', icon: <UserOutlined />, grants: ['read_persons'] },
      { path: '/users', label: 'nav.users', icon: <TeamOutlined />, grants: ['manage_users'] },
    ],
  },
  {
    key: 'system',
    label: 'nav.groups.system',
    screens: [
      { path: '/audit', label: 'nav.audit', icon: <AuditOutlined />, grants: ['read_audit'] },
      { path: '/api-clients', label: 'nav.apiClients', icon: <KeyOutlined />, grants: ['manage_api_clients'] },
      { path: '/public/plans', label: 'nav.publicPlans', icon: <GlobalOutlined /> },
      { path: '/public/bad-behaviour', label: 'exam.nav.badBehaviour', icon: <WarningOutlined /> },
    ],
  },
];

/** The groups and screens this caller is granted; empty groups are left out. */
export function menuFor(me: Me | undefined): ScreenGroup[] {
  const granted = (s: Screen) => !s.grants || s.grants.some((g) => me?.grants.includes(g));
  return GROUPS.map((g) => ({ ...g, screens: g.screens.filter(granted) })).filter((g) => g.screens.length > 0);
}

/** Every screen, longest path first, for the breadcrumb's "which screen is this". */
const BY_LENGTH = GROUPS.flatMap((g) => g.screens.map((s) => ({ group: g, screen: s }))).sort((a, b) => b.screen.path.length - a.screen.path.length);

/** The menu entry a location belongs to: itself, or the nearest listed parent path. */
export function screenOf(pathname: string): { group: ScreenGroup; screen: Screen } | undefined {
  return BY_LENGTH.find(({ screen }) => (screen.path === '/' ? pathname === '/' : pathname === screen.path || pathname.startsWith(`${screen.path}/`)));
}
