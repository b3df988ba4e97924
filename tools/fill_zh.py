"""Fill the Simplified Chinese catalogue from the glossary below (run after `make messages`).

Usage: .venv/bin/python tools/fill_zh.py   — fills empty msgstr entries it knows, reports the rest.
The .po file stays the source of truth; this glossary is how its translations were written.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from zh_clinical import CLINICAL_ZH  # the clinical core's sentences, kept apart

PO = Path(__file__).resolve().parents[1] / "cartnav/locale/zh_Hans/LC_MESSAGES/django.po"

ZH = {
    "role": "角色",
    "language": "语言",
    "time zone": "时区",
    "Patient": "患者",
    "Family member acting for a patient": "代理患者的家属",
    "Coordinator": "协调员",
    "Specialist reviewer": "评审专家",
    "Physician": "医生",
    "Nurse": "护士",
    "Registry analyst": "登记研究分析员",
    "Administrator": "管理员",
    "You have signed out.": "您已退出登录。",
    "Six-digit code from your authenticator app": "身份验证器应用中的六位数验证码",
    "That code is not right, or has expired. Try the current one.": "验证码不正确或已过期，请输入当前的验证码。",
    "Your authenticator app is set up.": "您的身份验证器应用已设置完成。",
    "That code is not right. Check the time on your phone.": "验证码不正确，请检查手机上的时间。",
    "name": "名称",
    "Chinese name": "中文名称",
    "city": "城市",
    "province": "省份",
    "accreditations": "认证",
    "languages spoken for international patients": "为国际患者提供的语言",
    "S2 visa invitation support": "S2签证邀请函支持",
    "help with accommodation": "住宿协助",
    "international patient office": "国际患者服务部",
    "services verified by an admin": "服务已由管理员核实",
    "brand name": "商品名",
    "Chinese brand name": "中文商品名",
    "generic name": "通用名",
    "maker": "生产企业",
    "target antigen": "靶抗原",
    "approved by": "批准机构",
    "approval date": "批准日期",
    "label indications (structured rules)": "说明书适应症（结构化规则）",
    "The product record as loaded.": "导入时的产品记录。",
    "The parsed trial record.": "解析后的试验记录。",
    "This form has expired": "此表单已过期",
    "The page was open too long or was sent from somewhere else. Go back, reload the page and try again. Nothing was changed.": "页面打开时间过长或来自其他来源。请返回、刷新页面后重试。未做任何更改。",
    "Not found": "未找到",
    "There is nothing here, or it is not yours to see.": "此处没有内容，或您无权查看。",
    "Not allowed": "不允许",
    "Your role does not allow this. Nothing was changed.": "您的角色不允许此操作。未做任何更改。",
    "alert (not depressed)": "清醒（无意识抑制）",
    "awakens spontaneously": "可自主觉醒",
    "awakens to voice": "呼唤可醒",
    "awakens only to tactile stimulus": "仅触觉刺激可醒",
    "unarousable or needs vigorous stimuli": "无法唤醒或需强烈刺激",
    "stupor or coma": "木僵或昏迷",
    "none": "无",
    "focal or generalised, resolving rapidly": "局灶性或全身性，迅速缓解",
    "non-convulsive on EEG, resolving with intervention": "脑电图示非惊厥性发作，干预后缓解",
    "life-threatening, prolonged (> 5 min)": "危及生命的持续发作（> 5 分钟）",
    "repetitive without return to baseline": "反复发作且间期未恢复至基线",
    "focal oedema on imaging": "影像学示局灶性水肿",
    "diffuse oedema on imaging": "影像学示弥漫性脑水肿",
    "decerebrate or decorticate posturing": "去大脑或去皮质强直",
    "cranial nerve VI palsy": "第VI对脑神经麻痹",
    "papilloedema": "视乳头水肿",
    "Cushing's triad": "库欣三联征",
    "room air": "未吸氧（室内空气）",
    "blow-by": "吹氧（blow-by）",
    "low-flow nasal cannula": "低流量鼻导管",
    "high-flow nasal cannula": "高流量鼻导管",
    "facemask": "面罩",
    "non-rebreather mask": "非重复呼吸面罩",
    "Venturi mask": "文丘里面罩",
    "CPAP": "CPAP",
    "BiPAP": "BiPAP",
    "mechanical ventilation": "机械通气",
    "intervention not indicated": "无需干预",
    "non-urgent intervention indicated": "需要非紧急医学干预",
    "symptomatic, incompletely controlled or device": "有症状，药物控制不完全或需器械控制",
    "life-threatening": "危及生命",
    "one brief generalised, or well controlled": "一次短暂全身性发作，或抗癫痫药控制良好",
    "with altered consciousness, or poorly controlled": "伴意识改变，或控制不佳",
    "prolonged, repetitive or refractory": "持续、反复或难以控制",
    "uric acid": "尿酸",
    "potassium": "钾",
    "phosphate": "磷",
    "calcium": "钙",
    "creatinine": "肌酐",
    "highest temperature": "最高体温",
    "antipyretic or anti-cytokine therapy given after CRS began": "CRS 开始后已使用退热或抗细胞因子治疗",
    "hypotension": "低血压",
    "vasopressors running (not counting vasopressin)": "正在使用的升压药数量（不含血管加压素）",
    "vasopressin running": "正在使用血管加压素",
    "oxygen": "氧疗",
    "oxygen flow": "氧流量",
    "death due to CRS": "死于 CRS",
    "age (years)": "年龄（岁）",
    "ICE: orientation (0–4)": "ICE：定向力（0–4）",
    "ICE (12 years and over)": "ICE（12 岁及以上）",
    "ICE: naming (0–3)": "ICE：命名（0–3）",
    "ICE: follows commands (0–1)": "ICE：执行指令（0–1）",
    "ICE: writing (0–1)": "ICE：书写（0–1）",
    "ICE: attention (0–1)": "ICE：注意力（0–1）",
    "CAPD total (0–32)": "CAPD 总分（0–32）",
    "CAPD (under 12)": "CAPD（12 岁以下）",
    "level of consciousness": "意识水平",
    "seizure": "癫痫发作",
    "deep focal motor weakness": "深部局灶性运动无力",
    "raised ICP / cerebral oedema": "颅内压增高／脑水肿",
    "death due to ICANS": "死于 ICANS",
    "death due to TLS": "死于 TLS",
    "day of these labs, from start of therapy": "化验日（自治疗开始起第几天）",
    "baseline": "基线",
    "current": "当前",
    "creatinine upper limit of normal": "肌酐正常值上限",
    "cardiac arrhythmia": "心律失常",
    "rule": "标准",
    "ANC": "中性粒细胞绝对计数 (ANC)",
    "haemoglobin": "血红蛋白",
    "platelets": "血小板",
    "CRP": "C反应蛋白 (CRP)",
    "ferritin": "铁蛋白",
    "LDH": "乳酸脱氢酶 (LDH)",
    "CRP (for m-EASIX)": "C反应蛋白（用于 m-EASIX）",
    "Cytokine release syndrome (ASTCT 2019)": "细胞因子释放综合征（ASTCT 2019）",
    "ICANS (ASTCT 2019)": "免疫效应细胞相关神经毒性综合征 ICANS（ASTCT 2019）",
    "Tumour lysis syndrome (Cairo-Bishop 2004)": "肿瘤溶解综合征（Cairo-Bishop 2004）",
    "CAR-HEMATOTOX (Rejeski 2021)": "CAR-HEMATOTOX（Rejeski 2021）",
    "EASIX and m-EASIX": "EASIX 与 m-EASIX",
    "Score": "评分",
    "risk": "风险",
    "Grade": "分级",
    "unknown": "未知",
    "Basis": "依据",
    "Missing — could change the result": "缺失项——可能改变结果",
    "Warnings": "警示",
    "Management guidance (reference, not an order)": "处理建议（仅供参考，非医嘱）",
    "Fill in what you have observed; the grade and its basis appear here as you type.": "填写您观察到的情况；分级及其依据会随输入实时显示在此处。",
    "Grading": "毒性分级",
    "unit": "单位",
    "not assessed": "未评估",
    "no": "否",
    "yes": "是",
    "Female": "女",
    "Male": "男",
    "Other": "其他",
    "Unknown": "未知",
    "Family members who act for this patient.": "代理该患者的家属。",
    "family name (Latin script)": "姓（拉丁字母）",
    "given name (Latin script)": "名（拉丁字母）",
    "name in own script": "本国文字姓名",
    "date of birth": "出生日期",
    "sex": "性别",
    "nationality (ISO 3166 alpha-2)": "国籍（ISO 3166 两字母代码）",
    "passport number": "护照号码",
    "languages (BCP 47)": "语言（BCP 47）",
    "e-mail": "电子邮件",
    "phone": "电话",
    "other contacts": "其他联系人",
    "Emergency and family contacts: name, relation, phone, e-mail.": "紧急联系人及家属：姓名、关系、电话、电子邮件。",
    "case number": "病例编号",
    "stage": "阶段",
    "stage since": "进入该阶段时间",
    "diagnosis (summary)": "诊断（摘要）",
    "Treatment and care": "治疗与护理",
    "Transfer of health data across borders": "健康数据跨境传输",
    "Registry research": "登记研究",
    "Being contacted": "接受联系",
    "Case opened": "已建立病例",
    "“%(stage)s” is not a stage of the journey.": "“%(stage)s”不是治疗流程中的阶段。",
    "Say why the stage changes.": "请说明变更阶段的原因。",
    "The case is already at this stage.": "该病例已处于此阶段。",
    "No consent text has been published for this purpose.": "该用途尚未发布知情同意书文本。",
    "This consent text does not belong to that purpose.": "该知情同意书文本不属于此用途。",
    "This consent has already been given.": "已签署过此项同意。",
    "This consent has already been withdrawn.": "此项同意已撤回。",
    "These fields cannot be changed: %(f)s": "以下字段不可修改：%(f)s",
    "Inquiry": "咨询",
    "Screening": "筛选",
    "Records review": "病历评审",
    "Accepted": "已接收",
    "Visa and travel": "签证与行程",
    "Pre-treatment assessment": "治疗前评估",
    "Apheresis": "单采",
    "Manufacturing": "细胞制备",
    "Lymphodepletion": "清淋预处理",
    "Infusion (day 0)": "回输（第0天）",
    "Inpatient monitoring": "住院监测",
    "Local outpatient stay": "当地门诊随访期",
    "Home": "回国",
    "Lifelong follow-up": "终身随访",
    "Declined": "未接收",
    "Withdrawn": "已退出",
    "Not fit after assessment": "评估后不适合治疗",
    "Manufacturing failure": "制备失败",
    "Deceased": "已故",
    "A coordinator will contact you to go through your questions and your diagnosis.": "协调员将与您联系，了解您的问题和诊断。",
    "We are checking which approved products and clinical trials fit your diagnosis and history.": "我们正在核查哪些已获批产品和临床试验适合您的诊断和病史。",
    "Specialists are reviewing your medical records. They may ask for more documents.": "专家正在评审您的病历，可能会要求补充材料。",
    "You have been accepted. The coordinator will send the invitation letter for your S2 medical visa.": "您已被接收。协调员将为您寄送办理 S2 就医签证所需的邀请函。",
    "Apply for your S2 medical visa and plan your travel; the hospital can help with accommodation.": "请申请 S2 就医签证并安排行程；医院可协助安排住宿。",
    "On arrival you will have blood tests, imaging and organ function tests to confirm you can be treated.": "到达后您将接受血液检查、影像学检查和器官功能检查，以确认可以接受治疗。",
    "Your T cells will be collected by leukapheresis, which takes 3 to 4 hours.": "将通过白细胞单采采集您的 T 细胞，需要 3 至 4 小时。",
    "Your CAR-T cells are being made; this usually takes 1 to 2 weeks.": "正在制备您的 CAR-T 细胞，通常需要 1 至 2 周。",
    "You will receive a short course of chemotherapy to prepare for the infusion.": "您将接受短期化疗，为回输做准备。",
    "Your CAR-T cells will be infused; this takes 30 minutes to 1 hour.": "将为您回输 CAR-T 细胞，需要 30 分钟至 1 小时。",
    "You will stay in hospital for 1 to 2 weeks for close observation.": "您将住院 1 至 2 周，接受密切观察。",
    "You will stay near the hospital, usually until about day 28, for regular checks.": "您将在医院附近居住，通常至第 28 天左右，定期复查。",
    "You are going home. Your follow-up visits and tests will be scheduled with you.": "您即将回国。我们将与您商定随访和检查的时间。",
    "Follow-up continues for life, including checks for relapse and new cancers.": "随访将终身进行，包括复发和新发肿瘤的监测。",
    "The specialists could not offer treatment. Your coordinator will explain why and discuss other options.": "专家未能为您提供治疗。协调员将向您解释原因并讨论其他方案。",
    "Your case has been closed at your request.": "已应您的要求关闭病例。",
    "The assessment found that treatment is not safe for you now. Your doctors will discuss other options.": "评估发现目前接受治疗对您不安全。医生将与您讨论其他方案。",
    "Your cells could not be manufactured. Your doctors will discuss a new collection or other therapy.": "您的细胞未能制备成功。医生将与您讨论重新采集或其他治疗。",
    "This case is closed.": "此病例已关闭。",
    "Case": "病例",
    "Hospital": "医院",
    "Stage": "阶段",
    "Diagnosis": "诊断",
    "Coordinator ": "协调员 ",
    "No cases match.": "没有符合条件的病例。",
    "Page %(n)s of %(total)s": "第 %(n)s 页，共 %(total)s 页",
    "Overview": "概况",
    "History": "历史记录",
    "Consents": "知情同意",
    "Records": "病历资料",
    "since": "自",
    "Date of birth": "出生日期",
    "Sex": "性别",
    "Nationality": "国籍",
    "Languages": "语言",
    "Patient's time zone": "患者时区",
    "Contact": "联系方式",
    "Move to stage": "转至阶段",
    "Why": "原因",
    "Change stage": "变更阶段",
    "When": "时间",
    "From": "原阶段",
    "To": "新阶段",
    "Who": "操作人",
    "version": "版本",
    "given": "已同意",
    "withdrawn": "已撤回",
    "No consents recorded.": "暂无知情同意记录。",
    "Version": "版本",
    "Cases": "病例",
    "Search": "搜索",
    "name, case number or diagnosis": "姓名、病例编号或诊断",
    "all stages": "所有阶段",
    "My care": "我的治疗",
    "What happens next": "下一步",
    "You have no case yet. A coordinator will open one after your first inquiry.": "您还没有病例。首次咨询后协调员将为您建立病例。",
    "Consents of %(name)s": "%(name)s 的知情同意",
    "Purpose": "用途",
    "Text": "文本",
    "Given": "同意时间",
    "Withdraw": "撤回",
    "Give consent for": "同意以下用途",
    "I agree": "我同意",
    "Read each text before you agree:": "同意前请阅读各项文本：",
    "The stage was changed.": "阶段已变更。",
    "Thank you. Your consent is recorded.": "谢谢，您的同意已记录。",
    "Your consent is withdrawn.": "您的同意已撤回。",
    "Registry": "登记研究",
    "De-identified: only patients who consent to registry research, without names or identifiers.": "去标识化：仅包括同意登记研究的患者，不含姓名或身份标识。",
    "Cases by stage": "各阶段病例数",
    "Cases by hospital": "各医院病例数",
    "Download the de-identified export (CSV)": "下载去标识化导出文件（CSV）",
    "English": "英语",
    "Simplified Chinese": "简体中文",
    "Too many attempts": "尝试次数过多",
    "This account is locked for 15 minutes after five wrong passwords. Try again later, or ask your coordinator to help.": "密码错误五次后，该账户将被锁定 15 分钟。请稍后再试，或请协调员协助。",
    "Sign in": "登录",
    "User name": "用户名",
    "Password": "密码",
    "Hospital staff are asked for a code from their authenticator app next.": "医院工作人员下一步需要输入身份验证器应用中的验证码。",
    "Second factor": "双重验证",
    "Enter your code": "输入验证码",
    "Verify": "验证",
    "Set up your authenticator": "设置身份验证器",
    "Staff accounts need a second factor. Scan this code with an authenticator app (or type the key), then enter the six-digit code it shows.": "工作人员账户需要双重验证。请用身份验证器应用扫描此二维码（或输入密钥），然后输入其显示的六位数验证码。",
    "QR code for your authenticator app": "身份验证器应用的二维码",
    "Key": "密钥",
    "Confirm": "确认",
    "API tokens": "API 令牌",
    "A token lets a script use the JSON API as you, with exactly your access. Send it as: Authorization: Bearer <token>.": "令牌可让脚本以您的身份、按您的访问权限使用 JSON API。发送方式：Authorization: Bearer <token>。",
    "API reference": "API 参考",
    "Your new token (shown only once):": "您的新令牌（仅显示一次）：",
    "Name": "名称",
    "Create token": "创建令牌",
    "Starts with": "前缀",
    "Created": "创建时间",
    "Last used": "最近使用",
    "Revoke": "撤销",
    "No tokens yet.": "暂无令牌。",
    "Administration": "系统管理",
    "Language": "语言",
    "Switch": "切换",
    "Sign out": "退出登录",
    "cartnav shows clinical definitions as reference for trained clinicians. Synthetic demonstration data only.": "cartnav 所示临床定义仅供受过培训的临床人员参考。仅含合成演示数据。",
    "Options": "治疗选择",
    "refractory disease": "难治性疾病",
    "relapsed disease": "复发性疾病",
    "CAR-T therapy received before": "既往接受过 CAR-T 治疗",
    "CNS involvement": "中枢神经系统受累",
    "active infection": "活动性感染",
    "HIV infection": "HIV 感染",
    "active hepatitis B": "活动性乙型肝炎",
    "active hepatitis C": "活动性丙型肝炎",
    "pregnant or breast-feeding": "妊娠或哺乳期",
    "ECOG performance status (0–5)": "ECOG 体能状态（0–5）",
    "Karnofsky performance status (0–100)": "Karnofsky 体能状态（0–100）",
    "life expectancy (months)": "预期寿命（月）",
    "ICD-10 code": "ICD-10 编码",
    "ICD-O-3 morphology": "ICD-O-3 形态学编码",
    "subtype": "亚型",
    "date of last stem-cell transplant": "最近一次造血干细胞移植日期",
    "total bilirubin": "总胆红素",
    "ALT": "丙氨酸氨基转移酶 (ALT)",
    "AST": "天门冬氨酸氨基转移酶 (AST)",
    "LVEF": "左心室射血分数 (LVEF)",
    "SpO2": "血氧饱和度 (SpO2)",
    "Title": "标题",
    "Status": "状态",
    "Phase": "分期",
    "Targets": "靶点",
    "Ages": "年龄范围",
    "Leave a field blank when it is not known: screening then answers “unknown” and says what to collect.": "未知的项目请留空：筛选结果将显示“未知”，并说明需要收集哪些信息。",
    "stem-cell transplant": "造血干细胞移植",
    "autologous": "自体",
    "allogeneic": "异基因",
    "Antigen expression": "抗原表达",
    "positive": "阳性",
    "negative": "阴性",
    "Prior lines of therapy, one per line: regimen | drug classes | start | end | best response (0 = none)": "既往治疗线数，每行一线：方案 | 药物类别 | 开始 | 结束 | 最佳疗效（0 = 无）",
    "Drug classes": "药物类别",
    "responses": "疗效",
    "Laboratory values": "实验室检查",
    "date": "日期",
    "preferred cities (comma-separated)": "首选城市（逗号分隔）",
    "languages (comma-separated codes)": "语言（逗号分隔的代码）",
    "eligible": "符合",
    "not eligible": "不符合",
    "Computed": "计算时间",
    "trial": "试验",
    "Not met": "未满足",
    "Undecided": "待确定",
    "To collect": "需收集",
    "Met": "已满足",
    "No screening profile yet: fill in what is known and save.": "尚无筛选资料：请填写已知信息并保存。",
    "Trials": "临床试验",
    "CAR-T clinical trials": "CAR-T 临床试验",
    "disease": "疾病",
    "phase": "分期",
    "status": "状态",
    "any": "任意",
    "country": "国家",
    "Approved products": "已获批产品",
    "Product": "产品",
    "Target": "靶点",
    "The profile is saved and the options are up to date.": "资料已保存，治疗选择已更新。",
    "Screening profile": "筛选资料",
    "not known": "未知",
    "Save and screen": "保存并筛选",
    "Screening result": "筛选结果",
    "catalog version": "目录版本",
    "Hospitals for this patient": "适合该患者的医院",
    "approved product": "已获批产品",
    "target": "靶点",
    "age": "年龄",
    "No trials match.": "没有符合条件的试验。",
    "Approved by": "批准机构",
    "Maker": "生产企业",
    "date of birth (YYYY-MM-DD)": "出生日期（YYYY-MM-DD）",
    "diagnosis": "诊断",
    "%(n)s trial": "%(n)s 项试验",
    "creatinine clearance": "肌酐清除率",
    "Pathology report": "病理报告",
    "Imaging": "影像学",
    "Discharge summary": "出院小结",
    "Laboratory report": "化验报告",
    "Passport page": "护照页",
    "type": "类型",
    "Pending": "待定",
    "More information requested": "需补充资料",
    "proposed product or trial": "建议的产品或试验",
    "Choose what kind of document this is.": "请选择文件类型。",
    "The file is empty.": "文件为空。",
    "The file is larger than %(mb)s MB.": "文件大于 %(mb)s MB。",
    # the guarded journey (issue 12, item 2)
    "a specialist review that accepted the case": "一份接受该病例的专家评审意见",
    "a treatment plan": "治疗计划",
    "a booked apheresis date": "已预约的单采日期",
    "%(refusal)s Only a physician or an administrator can override the journey.": (
        "%(refusal)s 只有医生或管理员可以越过既定流程。"
    ),
    "From “%(stage)s” a case goes on to: %(allowed)s. “%(to)s” is not one of them.": (
        "病例从“%(stage)s”只能进入：%(allowed)s。“%(to)s”不在其中。"
    ),
    "The case is closed (“%(stage)s”): reopening it is not an ordinary move.": (
        "病例已关闭（“%(stage)s”）：重新开启不属于常规流转。"
    ),
    "Moving to “%(to)s” needs %(missing)s.": "进入“%(to)s”需要%(missing)s。",
    " and ": "和",
    "Your case %(number)s: %(stage)s": "您的病例 %(number)s：%(stage)s",
    "The journey goes on to": "按流程可进入",
    "needs %(needs)s": "需要%(needs)s",
    "Override (physician or administrator)": "越过流程（医生或管理员）",
    "This is an override: a move outside the journey, or with a condition unmet": (
        "这是一次越过流程的操作：不在既定流程内，或条件未满足"
    ),
    "override": "越过流程",
    "Your case %(number)s has moved to a new stage: %(stage)s.": (
        "您的病例 %(number)s 已进入新阶段：%(stage)s。"
    ),
    "Sign in to cartnav to see the details, or write to your coordinator.": (
        "登录 cartnav 查看详情，或联系您的协调员。"
    ),
    # consent withdrawal asks first; the reviewer's queue; to-dos closed by a document or a word
    "Withdraw a consent": "撤回同意",
    "Withdraw your consent to “%(purpose)s”?": "撤回您对“%(purpose)s”的同意？",
    "For %(name)s, given under version %(version)s of the text.": (
        "当事人：%(name)s；同意时依据的文本版本：%(version)s。"
    ),
    "Yes, withdraw it": "是，撤回",
    "No, keep my consent": "否，保留我的同意",
    "The hospital can no longer plan or give your treatment through cartnav. Your records stay as the law requires.": (
        "医院将无法再通过 cartnav 为您规划或实施治疗。您的病历将按法律要求保存。"
    ),
    "Your health data will no longer be sent across borders; care that needs it may stop.": (
        "您的健康数据将不再跨境传输；需要这些数据的诊疗可能因此中止。"
    ),
    "You are left out of every later registry export. Exports already made are not changed.": (
        "此后的每一次登记研究数据导出都将不再包含您。已完成的导出不会更改。"
    ),
    "The care team will no longer contact you except about your care.": (
        "除与您的诊疗直接相关的事项外，医护团队将不再联系您。"
    ),
    "Awaiting my review": "待我评审",
    "Sent": "送审时间",
    "Nothing is waiting for your review.": "目前没有等待您评审的病例。",
    "Decided lately": "近期已评审",
    "Regimen": "方案",
    "Start": "开始日期",
    "End": "结束日期",
    "Best response": "最佳疗效",
    "No prior lines recorded in the screening profile.": "筛选资料中没有记录既往治疗。",
    "Test": "检查项目",
    "Value": "结果",
    "Date": "日期",
    "No laboratory values recorded in the screening profile.": "筛选资料中没有记录化验结果。",
    "That item is not open on this case.": "该事项不是此病例中尚未完成的待办事项。",
    "Upload the document this item asks for, or say why it cannot be provided.": (
        "请上传此事项所要求的文件，或说明无法提供的原因。"
    ),
    "answered by a document": "已由上传的文件答复",
    "Cannot provide it? Say why": "无法提供？请说明原因",
    "Explain and close": "说明并关闭",
    "This answers": "此文件答复的待办事项",
    # screening: formalities and medical history (issue 11)
    "To confirm at enrolment": "入组时确认",
    "Formalities such as consent and contraception, and the investigator's own judgement: they do not decide the verdict.": (
        "知情同意、避孕等程序性事项，以及研究者本人的判断：它们不决定筛查结论。"
    ),
    "active graft-versus-host disease": "活动性移植物抗宿主病",
    "significant heart disease (NYHA III–IV, infarction or unstable angina in 12 months, uncontrolled arrhythmia)": (
        "严重心脏病（NYHA III–IV 级心衰、12 个月内心肌梗死或不稳定型心绞痛、未控制的心律失常）"
    ),
    "a neurological disorder apart from the cancer (seizures, stroke, dementia)": (
        "肿瘤以外的神经系统疾病（癫痫发作、卒中、痴呆）"
    ),
    "autoimmune disease treated systemically in the last 2 years": "近 2 年内接受全身治疗的自身免疫病",
    "another cancer (skin cancer other than melanoma and in-situ carcinoma aside)": (
        "其他恶性肿瘤（非黑色素瘤皮肤癌和原位癌除外）"
    ),
    "past, treated and in remission": "既往，已治疗并处于缓解期",
    "active or under treatment": "活动性或正在治疗",
    "This file has already been uploaded to this case.": "此文件已上传至该病例。",
    "Choose a specialist reviewer of this case's hospital.": "请选择该病例所在医院的评审专家。",
    "This case is already waiting for a review.": "该病例已在等待评审。",
    "Records sent to a specialist for review": "病历已送交专家评审",
    "Only the reviewer this case was sent to can decide.": "只有受理该病例的评审专家可以作出决定。",
    "This review has already been decided.": "该评审已作出决定。",
    "Say which product or trial you propose.": "请说明建议的产品或试验。",
    "Say why the case is declined.": "请说明不接收的原因。",
    "List what the patient should provide, one item per line.": "请列出患者需提供的材料，每行一项。",
    "Choose accept, decline or ask for more.": "请选择接收、不接收或要求补充。",
    "Accepted by the specialist: %(p)s": "专家已接收：%(p)s",
    "Your records review: %(d)s": "您的病历评审结果：%(d)s",
    "This item is already done.": "此项已完成。",
    "Document": "文件",
    "Type": "类型",
    "Uploaded": "上传时间",
    "No documents yet.": "暂无文件。",
    "File (PDF, PNG, JPEG or DICOM)": "文件（PDF、PNG、JPEG 或 DICOM）",
    "Note": "备注",
    "Upload": "上传",
    "Your documents": "您的文件",
    "The specialists' decision": "专家的决定",
    "To do": "待办",
    "done": "已完成",
    "Mark done": "标记为完成",
    "Specialist review": "专家评审",
    "Waiting for %(who)s's review.": "等待 %(who)s 评审。",
    "Open the review": "打开评审",
    "Send the packet to": "将资料送交",
    "no reviewer at this hospital": "本院暂无评审专家",
    "Send for review": "送交评审",
    "Last decision": "最近一次决定",
    "Asked of the patient": "要求患者提供",
    "Your case %(number)s has been reviewed by a specialist.": "您的病例 %(number)s 已经过专家评审。",
    "You have been accepted. Proposed treatment: %(p)s. Your coordinator will send the invitation letter for your S2 medical visa.": "您已被接收。建议的治疗：%(p)s。协调员将为您寄送办理 S2 就医签证所需的邀请函。",
    "The specialists could not offer treatment.": "专家未能为您提供治疗。",
    "The specialists need more information. Please provide:": "专家需要更多信息，请提供：",
    "Sign in to cartnav to see the details.": "请登录 cartnav 查看详情。",
    "Review": "评审",
    "Summary": "摘要",
    "Documents": "文件",
    "Screening options": "筛选结果中的治疗选择",
    "No screening result yet.": "尚无筛选结果。",
    "Decision": "决定",
    "Accept": "接收",
    "Decline": "不接收",
    "reason": "原因",
    "Ask for more": "要求补充",
    "what the patient should provide, one item per line": "患者需提供的材料，每行一项",
    "Record decision": "记录决定",
    "No review is pending.": "没有待处理的评审。",
    "Earlier reviews": "以往评审",
    "Choose a file to upload.": "请选择要上传的文件。",
    "The document is uploaded.": "文件已上传。",
    "The packet was sent for review.": "资料已送交评审。",
    "Your decision is recorded and the patient is told.": "您的决定已记录，并已通知患者。",
    "“%(name)s” is named like another type of file than its content (%(type)s).": "“%(name)s”的文件名与其内容（%(type)s）的类型不符。",
    "The content of “%(name)s” is not what its name says: it is not a valid PDF, PNG, JPEG or DICOM file.": "“%(name)s”的内容与文件名不符：不是有效的 PDF、PNG、JPEG 或 DICOM 文件。",
    "“%(name)s” is not a PDF, PNG, JPEG or DICOM file; only those can be uploaded.": "“%(name)s”不是 PDF、PNG、JPEG 或 DICOM 文件；只能上传这些类型。",
    "Diagnosis (with its ICD-10 code)": "诊断（含 ICD-10 编码）",
    "Every prior line of therapy with dates and best response": "每一线既往治疗及其日期和最佳疗效",
    "Blood count (ANC, platelets, haemoglobin) from the last 30 days": "近 30 天内的血常规（ANC、血小板、血红蛋白）",
    "Chemistry (creatinine, bilirubin) from the last 30 days": "近 30 天内的生化检查（肌酐、胆红素）",
    "Imaging from the last 6 weeks": "近 6 周内的影像学检查",
    "Current medications (discharge summary or list)": "目前用药（出院小结或用药清单）",
    "Performance status (ECOG or Karnofsky)": "体能状态（ECOG 或 Karnofsky）",
    "Still needed": "仍需提供",
    "Completeness for review": "评审资料完整性",
    "from the patient": "由患者提供",
    "for the coordinator": "由协调员补充",
    "Case summary (PDF, English)": "病例摘要（PDF，英文）",
    "Case summary (PDF, Chinese)": "病例摘要（PDF，中文）",
    "Case summary": "病例摘要",
    "Treatment history": "治疗史",
    "Completeness": "完整性",
    "patient": "患者",
    "coordinator": "协调员",
    "FHIR R4 bundle (JSON)": "FHIR R4 数据包（JSON）",
    "repair ids that break the FHIR id rule": "修复不符合 FHIR id 规则的 id",
    "Preview": "预览",
    "FHIR import": "FHIR 导入",
    "The bundle was refused; nothing was stored.": "数据包被拒绝，未保存任何内容。",
    "What will be added": "将添加的内容",
    "Could not be mapped": "无法映射的内容",
    "Import": "导入",
    "Upload the bundle again: its preview has expired.": "请重新上传数据包：预览已过期。",
    "The records from the bundle are imported.": "数据包中的病历已导入。",
    "My medical details and treatment options": "我的病情资料与治疗选择",
    "Current medications, one per line (0 = none)": "目前用药，每行一种（0 = 无）",
    "Imaging and pathology reports, one per line: imaging or pathology | date | conclusion": "影像学和病理报告，每行一份：imaging 或 pathology | 日期 | 结论",
    "No access": "无访问权限",
    "Your account has no role that can see anything here yet. Ask an administrator.": "您的账户尚无可查看内容的角色，请联系管理员。",
}


def _unquote(lines: list[str]) -> str:
    raw = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', "\n".join(lines)))
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), raw)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _field(lines: list[str], key: str) -> tuple[int, int] | None:
    """The line span of a msgid/msgstr field (its first line and continuation lines)."""
    for i, line in enumerate(lines):
        if line.startswith(key + " "):
            j = i + 1
            while j < len(lines) and lines[j].startswith('"'):
                j += 1
            return i, j
    return None


def fill_entry(block: str, table: dict[str, str], missing: list[str]) -> str:
    lines = block.split("\n")
    span = _field(lines, "msgid")
    if span is None:
        return block
    first = lines[span[0]][len("msgid ") :]
    msgid = _unquote([first, *lines[span[0] + 1 : span[1]]])
    if not msgid:
        return block
    fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
    lines = [line for line in lines if not line.startswith("#|")]
    lines = [re.sub(r"fuzzy,?\s*", "", line) if line.startswith("#,") else line for line in lines]
    lines = [line for line in lines if line.strip() != "#,"]
    plural = _field(lines, "msgid_plural")
    key = "msgstr[0]" if plural else "msgstr"
    target = _field(lines, key)
    if target is None:
        return block
    current = _unquote([lines[target[0]][len(key) + 1 :], *lines[target[0] + 1 : target[1]]])
    if current and not fuzzy:
        return "\n".join(lines)
    text = table.get(msgid)
    if text is None:
        missing.append(msgid)
        return block  # keep a fuzzy guess marked fuzzy until the glossary has the translation
    lines[target[0] : target[1]] = [f"{key} {_quote(text)}"]
    return "\n".join(lines)


def fill(text: str, table: dict[str, str]) -> tuple[str, list[str]]:
    missing: list[str] = []
    blocks = text.split("\n\n")
    return "\n\n".join(fill_entry(b, table, missing) for b in blocks), missing


def main() -> int:
    text = PO.read_text()
    text = text.replace('"Language: \\n"', '"Language: zh_Hans\\n"')
    text = re.sub(r'"Plural-Forms: .*', lambda _: '"Plural-Forms: nplurals=1; plural=0;\\n"', text)
    text = text.replace('#, fuzzy\nmsgid ""\n', 'msgid ""\n', 1)
    text = text.replace(
        '"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"', '"Last-Translator: cartnav\\n"'
    )
    text = text.replace(
        '"Project-Id-Version: PACKAGE VERSION\\n"', '"Project-Id-Version: cartnav\\n"'
    )
    text = re.sub(
        r'"PO-Revision-Date: YEAR-MO-DA HO:MI\+ZONE\\n"',
        lambda _: '"PO-Revision-Date: 2026-11-25 12:00+0800\\n"',
        text,
    )
    text = text.replace(
        '"Language-Team: LANGUAGE <LL@li.org>\\n"', '"Language-Team: cartnav zh_Hans\\n"'
    )
    text, missing = fill(text, {**ZH, **CLINICAL_ZH})
    PO.write_text(text)
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
