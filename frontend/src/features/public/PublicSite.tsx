// The public pages, readable without a login (TR-06, SC-06): the published plans and the
// notices of teachers dismissed for breaking the law (TR-05), one plan with its classes (course,
// dates, place, capacity, training fee and exam fee apart) and its fee publicity (items,
// amounts, basis, scope, complaint phone), the bad-behaviour column (EX-05: serious disorder or
// threats at an exam, name and masked ID number, while the ban runs), and the rules the server
// cites (where a rule id's link leads). Plain elements and public.css, no Ant Design, no router: each page is its own
// address, reached by ordinary links, so a phone shows it after the smallest script.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { allPages, api, PAGE_MAX, unwrap } from '../../lib/api/client';
import type { components } from '../../lib/api/schema';
import { getSession } from '../../lib/session';
import { formatDay, formatSpan, formatInstant } from '../../lib/format';
import { money } from '../../lib/money';
import { currentLang, setLang } from '../../config/i18n';
import { toProblem } from '../../lib/api/problem';
import { RuleRef } from '../../lib/messages';
import { RULES } from './rules';
import './public.css';

type FeeItem = components['schemas']['FeeItem'];
type PublicPlanClass = components['schemas']['PublicPlanClass'];

/** What a page loads: the answer, or the failure, or neither yet. */
interface Loaded<T> {
  data?: T;
  error?: unknown;
}

/** Loads once per `key`; the page is read-only, so no cache or refetching is needed. */
function useLoaded<T>(key: string, load: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<Loaded<T> & { key?: string }>({});
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ key, data }),
      (error: unknown) => live && setState({ key, error }),
    );
    return () => {
      live = false;
    };
    // `load` is a new closure each render; `key` names what it loads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state.key === key ? state : {};
}

function Failure({ error }: { error: unknown }) {
  const p = toProblem(error);
  return (
    <p className="pub-error" role="alert">
      <span data-testid="message-text">{p.summary()}</span>
      <RuleRef rule={p.rule()} />
    </p>
  );
}

function Pending<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => React.ReactNode }) {
  const { t } = useTranslation();
  if (loaded.error) return <Failure error={loaded.error} />;
  if (loaded.data === undefined) return <p className="pub-loading" role="status">{t('app.loading')}</p>;
  return <>{children(loaded.data)}</>;
}

/** The published plans and the teacher notices. */
function PlansPage() {
  const { t } = useTranslation();
  const plans = useLoaded('plans', () => allPages((cursor) => unwrap(api.GET('/api/v1/public/plans', { params: { query: { limit: PAGE_MAX, cursor } } }))));
  const notices = useLoaded('notices', () => allPages((cursor) => unwrap(api.GET('/api/v1/public/teacher-notices', { params: { query: { limit: PAGE_MAX, cursor } } }))));
  return (
    <>
      <section className="pub-card" aria-labelledby="plans-title">
        <h1 id="plans-title">{t('public.plans')}</h1>
        <Pending loaded={plans}>
          {(list) =>
            list.length === 0 ? (
              <p className="pub-empty">{t('public.noPlans')}</p>
            ) : (
              <ul className="pub-list">
                {list.map((p) => (
                  <li key={p.id} data-testid="public-plan">
                    <a className="pub-title" href={`/public/plans/${p.id}`} data-testid="public-plan-link">
                      {p.title}
                    </a>
                    <div className="pub-meta">
                      <span className="pub-tag">{t('public.year', { year: p.year })}</span>
                      <span>{p.association_name}</span>
                      <span>{t('public.classCount', { n: p.classes.length })}</span>
                      {p.published_at && <span>{t('public.publishedAt', { at: formatDay(p.published_at) })}</span>}
                    </div>
                  </li>
                ))}
              </ul>
            )
          }
        </Pending>
      </section>
      <section className="pub-card" aria-labelledby="notices-title">
        <h2 id="notices-title">{t('public.teacherNotices')}</h2>
        <Pending loaded={notices}>
          {(list) =>
            list.length === 0 ? (
              <p className="pub-empty">{t('public.noNotices')}</p>
            ) : (
              <ul className="pub-list">
                {list.map((n) => (
                  <li key={n.id} data-testid="teacher-notice">
                    <div className="pub-title">{n.title}</div>
                    <div>{n.body}</div>
                    <div className="pub-muted">{formatInstant(n.published_at)}</div>
                  </li>
                ))}
              </ul>
            )
          }
        </Pending>
      </section>
    </>
  );
}

/** The fee publicity (SC-06): what is charged, how much, on what basis, to whom. */
function FeeTable({ fees }: { fees: FeeItem[] }) {
  const { t } = useTranslation();
  return (
    <div className="pub-table-wrap">
      <table className="pub-table" data-testid="fee-publicity">
        <thead>
          <tr>
            <th scope="col">{t('plan.feeItem')}</th>
            <th scope="col">{t('plan.feeAmount')}</th>
            <th scope="col">{t('plan.feeBasis')}</th>
            <th scope="col">{t('plan.feeScope')}</th>
          </tr>
        </thead>
        <tbody>
          {fees.map((f) => (
            <tr key={`${f.item}-${f.amount}-${f.scope}`}>
              <td>{f.item}</td>
              <td>{money(f.amount)}</td>
              <td>{f.basis}</td>
              <td>{f.scope}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ClassCard({ c }: { c: PublicPlanClass }) {
  const { t } = useTranslation();
  return (
    <article className="pub-class" data-testid="public-class">
      <header>
        <span>{c.name}</span>
        {c.status === 'cancelled' ? <span className="pub-tag pub-tag-red">{t('training.classStatus.cancelled')}</span> : c.open ? null : <span className="pub-tag pub-tag-grey">{t('public.started')}</span>}
      </header>
      <dl className="pub-dl">
        <dt>{t('training.course')}</dt>
        <dd>{c.course_name}</dd>
        <dt>{t('public.dates')}</dt>
        <dd>{formatSpan(c.starts_at, c.ends_at)}</dd>
        <dt>{t('training.place')}</dt>
        <dd>{c.venue ?? c.online_link ?? t('app.none')}</dd>
        <dt>{t('training.capacity')}</dt>
        <dd>{c.open ? t('public.capacity', { n: c.capacity, left: Math.max(0, c.capacity - c.seats_taken) }) : c.capacity}</dd>
        <dt>{t('public.trainingFee')}</dt>
        <dd data-testid="public-training-fee">{money(c.training_fee)}</dd>
        <dt>{t('public.examFee')}</dt>
        <dd data-testid="public-exam-fee">{money(c.exam_fee)}</dd>
      </dl>
    </article>
  );
}

/** One published plan. */
function PlanPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const plan = useLoaded(`plan-${id}`, () => unwrap(api.GET('/api/v1/public/plans/{id}', { params: { path: { id } } })));
  return (
    <>
      <a href="/public/plans">{t('public.allPlans')}</a>
      <Pending loaded={plan}>
        {(p) => (
          <section className="pub-card" data-testid="public-plan-page" aria-labelledby="plan-title">
            <h1 id="plan-title">{p.title}</h1>
            <div className="pub-body">
              <div className="pub-meta">
                <span>
                  {t('public.association')}:{p.association_name}
                </span>
                <span>
                  {t('plan.year')}:{p.year}
                </span>
                {p.published_at && (
                  <span>
                    {t('plan.publishedAt')}:{formatDay(p.published_at)}
                  </span>
                )}
              </div>
              <h2 className="pub-h">{t('public.classes')}</h2>
              {p.classes.length === 0 ? (
                <p className="pub-empty">{t('public.noClasses')}</p>
              ) : (
                <div className="pub-grid">
                  {p.classes.map((c) => (
                    <ClassCard key={c.id} c={c} />
                  ))}
                </div>
              )}
              <h2 className="pub-h">{t('plan.fees')}</h2>
              <FeeTable fees={p.fees} />
              <p data-testid="complaint-phone">{t('plan.complaintPhoneIs', { phone: p.complaint_phone })}</p>
            </div>
          </section>
        )}
      </Pending>
    </>
  );
}

/** The rules the server cites; the one in the address's fragment is marked and scrolled to. */
function RulesPage() {
  const { t } = useTranslation();
  const chosen = decodeURIComponent(window.location.hash.replace(/^#/, ''));
  const zh = currentLang() === 'zh-CN';
  useEffect(() => {
    if (chosen) document.getElementById(chosen)?.scrollIntoView({ block: 'center' });
  }, [chosen]);
  return (
    <section className="pub-card" aria-labelledby="rules-title">
      <h1 id="rules-title">{t('rules.title')}</h1>
      <div className="pub-body">
        <p className="pub-muted">{t('rules.intro')}</p>
        <dl style={{ margin: 0 }}>
          {RULES.map((r) => (
            <div key={r.id} id={r.id} className="pub-rule" data-testid="rule" data-chosen={r.id === chosen || undefined}>
              <dt>
                {r.id} <span className="pub-tag pub-tag-grey">{t(`rules.kind.${r.kind}`)}</span>
              </dt>
              <dd>
                {zh ? r.zh : r.en} <span className="pub-muted">{t('rules.source', { source: r.source })}</span>
              </dd>
            </div>
          ))}
        </dl>
      </div>
    </section>
  );
}

/** The bad-behaviour column (EX-05): who, where, when and what, the ID number masked. */
function BadBehaviourPage() {
  const { t } = useTranslation();
  const list = useLoaded('bad-behaviour', () => allPages((cursor) => unwrap(api.GET('/api/v1/public/bad-behaviour', { params: { query: { cursor, limit: PAGE_MAX } } }))));
  return (
    <section className="pub-card" aria-labelledby="bad-title">
      <h1 id="bad-title">{t('exam.public.title')}</h1>
      <div className="pub-body">
        <p className="pub-muted">
          {t('exam.public.intro')} <RuleRef rule="EX-05" />
        </p>
      </div>
      <Pending loaded={list}>
        {(rows) =>
          rows.length === 0 ? (
            <p className="pub-empty">{t('exam.public.none')}</p>
          ) : (
            <ul className="pub-list">
              {rows.map((r) => (
                <li key={`${r.national_id_masked}-${r.day}-${r.what}`} data-testid="bad-behaviour">
                  <div className="pub-title">
                    {r.name} <span className="pub-muted">{r.national_id_masked}</span>
                  </div>
                  <div>{currentLang() === 'en' ? r.what_en : r.what}</div>
                  <div className="pub-meta">
                    <span>{r.day}</span>
                    <span>{r.association}</span>
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </Pending>
    </section>
  );
}

/** The page for a public address; the plans for any other. */
function pageFor(path: string) {
  if (path.replace(/\/+$/, '') === '/public/rules') return <RulesPage />;
  if (path.replace(/\/+$/, '') === '/public/bad-behaviour') return <BadBehaviourPage />;
  const plan = /^\/public\/plans\/([^/]+)\/?$/.exec(path);
  if (plan?.[1]) return <PlanPage key={plan[1]} id={plan[1]} />;
  return <PlansPage />;
}

/** The frame of the public pages: title, language, and a way in (or back into) the system. */
export function PublicSite({ path }: { path: string }) {
  const { t } = useTranslation();
  const loggedIn = getSession() !== null;
  return (
    <div className="pub">
      <header className="pub-head">
        <a className="pub-brand" href="/public/plans">
          {t('app.title')} · {t('public.title')}
        </a>
        <div className="pub-actions">
          <a className="pub-btn" href="/public/bad-behaviour" data-testid="public-bad-behaviour">
            {t('exam.public.short')}
          </a>
          <button type="button" className="pub-btn" lang={currentLang() === 'en' ? 'zh-CN' : 'en'} onClick={() => void setLang(currentLang() === 'en' ? 'zh-CN' : 'en', true)}>
            {t('app.language')}
          </button>
          <a className="pub-btn pub-btn-primary" href="/" data-testid="public-enter">
            {loggedIn ? t('public.backToApp') : t('public.login')}
          </a>
        </div>
      </header>
      <main className="pub-main">{pageFor(path)}</main>
    </div>
  );
}
