// The rules the server cites in its refusals (the `rule` of a 422 problem, an import line's
// refusal, an eligibility reason), in both languages: the text a clerk reads when they follow
// a rule id's link. The numbering is the rule catalogue's; the wording is ours, the facts are
// the source documents' (the `source` column names the article). A rule the server starts
// citing is added here with its text.

export type RuleKind = 'hard' | 'soft' | 'record' | 'deadline' | 'derived';

export interface RuleText {
  id: string;
  kind: RuleKind;
  zh: string;
  en: string;
  source: string;
}

export const RULES: readonly RuleText[] = [
  { id: 'CO-01', kind: 'record', source: '001 §1(1)', zh: '检验检测机构对每名持证人员开展自查:在本机构真实全职执业(岗位、职责、可追溯的工作记录、连续的社会保险)。', en: 'Self-inspection of every certified person: real full-time practice at the institution (post, duties, traceable work evidence, continuous social insurance).' },
  { id: 'TR-01', kind: 'record', source: '002 §3(1)2', zh: '课程分为公共科目(法律法规、规章、职业道德、信息技术)和专业科目(质量体系、安全技术规范、标准、基础知识、各类设备的基础理论、新技术)。', en: 'Courses are classified: public subjects (laws and regulations, rules, professional ethics, information technology) and professional subjects (quality system, safety technical specifications, standards, basic knowledge, basic theory per equipment category, new techniques).' },
  { id: 'TR-02', kind: 'record', source: '002 §3(1)2', zh: '设备类别:锅炉、压力容器(含气瓶)、压力管道、电梯、起重机械、客运索道、大型游乐设施、场(厂)内专用机动车辆。', en: 'Equipment categories: boilers, pressure vessels (incl. gas cylinders), pressure pipelines, elevators, lifting machinery, passenger ropeways, large amusement facilities, in-plant motor vehicles.' },
  { id: 'TR-03', kind: 'record', source: '002 §3(1)3', zh: '授课方式:面授、远程和混合;线上自学记录学习进度;事故案例库。', en: 'Delivery: face-to-face, remote and blended; online self-study with progress tracking; accident-case library.' },
  { id: 'TR-04', kind: 'record', source: '002 §3(1)4', zh: '师资库:征集、遴选、培训候选教师。', en: 'Teacher pool: candidates solicited, selected, trained.' },
  { id: 'TR-05', kind: 'hard', source: '003 §5', zh: '兼职教师聘期 4 年,与协会理事会任期一致;因违法被解聘的教师予以公告。', en: "Part-time teachers serve a 4-year term aligned with the association council's term; a teacher dismissed for breaking the law is publicly notified." },
  { id: 'TR-06', kind: 'deadline', source: '003 §6(1)', zh: '每年 12 月制定下一年度培训计划,年初公布;开班频次可根据企业报名情况调整。', en: "The next year's training plan is drafted each December and published at the start of the year; class frequency can follow enrolment." },
  { id: 'TR-07', kind: 'hard', source: '003 §6(2)1', zh: '企业账号分两级:培训填报人录入,企业培训审核人审核;变更任一账号须向协会提交变更函。', en: 'Two-level enterprise accounts: a training officer enters, the enterprise training manager approves; changing either needs a change letter to the association.' },
  { id: 'TR-08', kind: 'hard', source: '003 §6(2)2-3', zh: '报名依次办理:填报人提交 → 企业审核人审核(真实、准确、完整)→ 协会确认 → 财务确认缴费 → 发送开班通知(时间、地点)。', en: 'Enrolment passes: officer submits → enterprise manager approves (truthful, accurate, complete) → association confirms → finance confirms the fee → class notice (time, place) is sent.' },
  { id: 'TR-09', kind: 'hard', source: '003 §6(3)2', zh: '学员缴费后方可参加培训。', en: 'A trainee attends only after paying the fee.' },
  { id: 'TR-10', kind: 'hard', source: '003 §6(3)3(1)', zh: '延期:须在开班前至少 1 天申请,经培训部负责人批准;学员可在同一年度参加同类班次。', en: 'Deferral: requested at least 1 day before the class starts, approved by the training department head; the trainee may join a same-type class in the same year.' },
  { id: 'TR-11', kind: 'hard', source: '003 §6(3)3(1)', zh: '更换学员:须在开班前至少 1 天申请,学员记录随之变更。', en: 'Substitution of a trainee: requested at least 1 day before the class starts; the trainee record changes with it.' },
  { id: 'TR-12', kind: 'hard', source: '003 §6(3)3(2)', zh: '协会取消班次且当年无同类班次计划的,全额退费给缴费方。', en: 'Refund when the association cancels a class and no same-type class is planned that year: full refund to the payer.' },
  { id: 'TR-13', kind: 'hard', source: '003 §6(3)3(2)', zh: '因学员个人原因(离职、调岗)退费:须在开班前已申请延期,且在 1 年内;考试费不退。', en: "Refund for the trainee's own reasons (left the job, changed post): only if a deferral was filed before the class started; within 1 year; the exam fee is not refunded." },
  { id: 'TR-14', kind: 'hard', source: '003 §6(3)3(2)', zh: '退费流程:申请 → 培训部确认 → 财务确认 → 领导审批 → 财务支付;不得跳过或重复任何一步。', en: 'Refund steps: request → training department confirms → finance confirms → leader approves → finance pays. No step may be skipped or repeated.' },
  { id: 'TR-15', kind: 'hard', source: '003 §6(3)3(3)', zh: '未办理延期而缺席的,不再安排培训,也不予退费。', en: 'Absent without deferral: no further class and no refund.' },
  { id: 'TR-16', kind: 'hard', source: '003 §6(3)4(1)', zh: '请假须在该次课前至少 1 天提出。', en: 'Leave must be requested at least 1 day before the session.' },
  { id: 'TR-17', kind: 'derived', source: '003 §6(3)4(1)', zh: '无故缺勤 2 次及以上的学员,失去考试资格。', en: 'Two or more unexcused absences → the trainee loses eligibility for the exam.' },
  { id: 'TR-18', kind: 'deadline', source: '003 §6(3)7', zh: '成绩公布后 5 个工作日内归档:协议、开班通知、课程表、签到表、成绩表、证书签收表。', en: 'Archive within 5 working days after results are out: agreement, opening notice, timetable, attendance sheet, score sheet, certificate receipt sheet.' },
  { id: 'TR-19', kind: 'record', source: '004 art. 15-16', zh: '培训包括理论和实操两部分;签到;实操记录(仪器使用、过程、结果、答题纸)。', en: 'Training includes theory and practical parts; sign-in; practical records (instrument use, process, results, answer sheets).' },
  { id: 'TR-20', kind: 'hard', source: '004 art. 17', zh: '初级、中级、高级培训的教师须具有中级及以上职称。', en: 'Teachers of junior, intermediate and senior levels hold at least an intermediate professional title.' },
  { id: 'EX-01', kind: 'record', source: '003 §6(3)4(2)', zh: '考试分理论和实操两部分;理论考试为开卷或闭卷。', en: 'Exams have a theory part (open-book or closed-book) and a practical part.' },
  { id: 'EX-02', kind: 'hard', source: '003 §6(3)4(2)', zh: '首次考试不合格可免费补考一次(技能等级考试除外);再次补考须重新缴纳考试费。', en: 'One free retake after a first failure, except for skill-level exams; any further retake needs a new exam fee.' },
  { id: 'EX-03', kind: 'hard', source: '003 §6(3)4(2)①', zh: '考试作弊(抄袭、偷看、为他人提供抄袭、携带手机或录音设备):第一次警告;第二次取消考试资格,成绩记零分。', en: 'Cheating (copying, peeking, letting others copy, phones or recorders): a warning the first time; the second time disqualified with a score of zero.' },
  { id: 'EX-04', kind: 'hard', source: '003 §6(3)4(2)②', zh: '替考、代考:取消考试资格,成绩记零分,1 年内不得参加该项目考试。', en: 'Impersonation: disqualified, score zero, barred from that programme’s exams for one year.' },
  { id: 'EX-05', kind: 'hard', source: '003 §6(3)4(2)③', zh: '严重扰乱考场秩序或威胁监考人员:通报派出单位,在不良行为栏目公示,3 年内不得参加协会组织的培训和考试。', en: 'Serious disorder or threatening a proctor: the sending unit is told, the case is published in the bad-behaviour column, and the person is barred from the association’s training and exams for three years.' },
  { id: 'EX-06', kind: 'hard', source: '001 §1(3)', zh: '培训与考试分离:班级的授课教师和班主任不得参与该班考试的命题、监考和考评。', en: 'Training and examining are kept apart: a teacher or the head teacher of a class takes no part in setting, proctoring or evaluating its exam.' },
  { id: 'EX-07', kind: 'hard', source: '001 §1(3)', zh: '回避:考评员、监考员不得考核本单位的考生或与其有申报利害关系的考生。', en: 'Recusal: an evaluator or proctor does not assess a candidate of their own organisation or a declared relation.' },
  { id: 'EX-08', kind: 'hard', source: '004 art. 18-19', zh: '考评人员须持有考试当日有效的考评员证书,并已签署承诺书。', en: 'An evaluator holds an evaluator certificate valid on the exam day and has signed a commitment letter.' },
  { id: 'EX-09', kind: 'hard', source: '004 art. 20', zh: '题库和试卷保密:仅命题单位的考务人员可以查看,每次查阅均留痕。', en: 'Question banks and papers are confidential: only the owning body’s exam staff see them, and every read is recorded.' },
  { id: 'EX-10', kind: 'record', source: '001 §1(3), 004 art. 27', zh: '考试过程记录(含录音录像)至少保存 10 年。', en: 'Exam records, audio and video included, are kept at least ten years.' },
  { id: 'EX-11', kind: 'derived', source: '003', zh: '考试资格 = 已报名、已缴费、出勤符合要求(TR-17)、无有效禁考(EX-04、EX-05、CR-04)。', en: 'Exam eligibility = enrolled, fee paid, attendance rule (TR-17) met, no active ban (EX-04, EX-05, CR-04).' },
  { id: 'CE-02', kind: 'derived', source: '003 §6(3)5(1)', zh: '证书带有可识别、可验证的二维码;有效期 3 年。', en: 'Certificates carry a QR code that identifies and verifies them; validity 3 years.' },
  { id: 'CE-03', kind: 'derived', source: '003 §6(3)6', zh: '每 3 年周期内至少参加一次继续教育,否则证书失效;协会举办的新政策、新法规、新技术讲座计入继续教育学时。', en: 'Continuing education at least once in each 3-year period; otherwise the certificate lapses. Association sessions on new policy, regulation or technique count as continuing-education hours.' },
  { id: 'CR-04', kind: 'hard', source: '004 art. 14', zh: '学历、学籍造假者列入黑名单,各分中心共享;5 年内不受理其报名。', en: 'Blacklist for false education or student-status data: shared by all sub-centres; no registration accepted from a listed person for 5 years.' },
  { id: 'SC-06', kind: 'hard', source: '004 art. 10-11', zh: '每个班次公示收费(项目、金额、依据、范围、投诉电话);实际收费与公示一致。', en: 'Every class publishes its fees (items, amounts, basis, scope, complaint phone); the fee charged equals the published fee.' },
];

/** The rule with this id, if the catalogue has it. */
export function ruleText(id: string): RuleText | undefined {
  return RULES.find((r) => r.id === id);
}
