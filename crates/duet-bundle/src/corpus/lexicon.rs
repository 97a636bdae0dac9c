//! Parallel Chinese/English phrases on AI topics, from which corpus sentences are
//! built so both languages say the same thing with the same sentence count.

/// A phrase in both languages.
pub type Pair = (&'static str, &'static str);

/// The fixed tag list, the same as the real site's, so a generated bundle shows
/// familiar labels in the app: `(tag, zh label, en label)`.
pub const TAGS: &[(&str, &str, &str)] = &[
    ("agents", "智能体", "Agents"),
    ("code-review", "代码审查", "Code review"),
    ("coding", "AI 编程", "AI coding"),
    ("compute", "算力与供应链", "Compute and supply chains"),
    ("evaluation", "评测与基准", "Evaluation and benchmarks"),
    ("markets", "预测市场", "Prediction markets"),
    ("payments", "机器支付", "Machine payments"),
    ("policy", "政策与监管", "Policy and regulation"),
    ("recursion", "递归自我改进", "Recursive self-improvement"),
    ("releases", "模型发布", "Model releases"),
];

/// Article topics: `(slug word, zh, en)`.
pub const TOPICS: &[(&str, &str, &str)] = &[
    ("agents", "智能体", "AI agents"),
    ("reasoning", "推理模型", "reasoning models"),
    ("open-weights", "开源权重", "open weights"),
    ("chips", "AI 芯片", "AI chips"),
    ("alignment", "模型对齐", "model alignment"),
    ("benchmarks", "评测基准", "benchmarks"),
    ("robots", "具身智能", "embodied AI"),
    ("regulation", "AI 监管", "AI regulation"),
    ("coding", "AI 编程", "AI coding tools"),
    ("vision", "视觉模型", "vision models"),
    ("data", "训练数据", "training data"),
    ("energy", "算力能耗", "compute and energy"),
];

/// Title patterns: Chinese suffix after the topic, English prefix before "of <topic>".
pub const ASPECTS: &[Pair] = &[
    ("的未来", "The future"),
    ("的风险", "The risks"),
    ("的新进展", "New progress"),
    ("的真实成本", "The real cost"),
    ("背后的故事", "The story behind the rise"),
    ("的三个误区", "Three myths"),
    ("的下一步", "The next step"),
];

pub const SUBJECTS: &[Pair] = &[
    ("大型语言模型", "large language models"),
    ("开源社区", "the open-source community"),
    ("研究人员", "researchers"),
    ("这家初创公司", "the startup"),
    ("新一代智能体", "the new generation of agents"),
    ("监管机构", "regulators"),
    ("芯片厂商", "chip makers"),
    ("多模态模型", "multimodal models"),
    ("工程团队", "engineering teams"),
    ("美国的实验室", "U.S. labs"),
    ("陈博士的团队", "Dr. Chen's team"),
    ("大多数企业", "most companies"),
];

pub const VERBS: &[Pair] = &[
    ("改变了", "changed"),
    ("显著提升了", "significantly improved"),
    ("重新定义了", "redefined"),
    ("低估了", "underestimated"),
    ("加速了", "accelerated"),
    ("重塑了", "reshaped"),
    ("简化了", "simplified"),
    ("挑战了", "challenged"),
    ("重新审视了", "took a fresh look at"),
];

pub const OBJECTS: &[Pair] = &[
    ("软件开发的方式", "the way software is built"),
    ("数据中心的能耗", "the energy use of data centers"),
    ("推理成本", "the cost of inference"),
    ("模型的安全边界", "the safety limits of models"),
    ("长文本理解能力", "long-context understanding"),
    ("代码生成的质量", "the quality of generated code"),
    ("人机协作的模式", "how people and machines work together"),
    ("训练数据的来源", "where training data comes from"),
    ("开源许可的争议", "the debate over open licenses"),
    ("端侧部署", "on-device deployment"),
];

pub const OPENERS: &[Pair] = &[
    ("据最新报告显示，", "According to a recent report, "),
    ("在许多场景中，", "In many settings, "),
    ("去年，", "Last year, "),
    ("与此同时，", "At the same time, "),
    ("从长远来看，", "In the long run, "),
];

pub const CLAUSES: &[Pair] = &[
    ("，而且速度远超预期", ", and faster than expected"),
    (
        "，但仍有许多问题没有解决",
        ", but many problems remain unsolved",
    ),
    (
        "，这一点在过去一年尤为明显",
        ", which became especially clear over the past year",
    ),
    ("，至少在短期内如此", ", at least in the short term"),
    ("，例如在客服场景中", ", e.g. in customer service"),
];

pub const QUESTIONS: &[Pair] = &[
    ("这种趋势会持续下去吗？", "Will this trend last?"),
    ("谁将从中受益？", "Who will benefit?"),
    ("代价是什么？", "What is the cost?"),
    ("我们真的准备好了吗？", "Are we really ready?"),
];

pub const HEADINGS: &[Pair] = &[
    ("背景", "Background"),
    ("核心发现", "Key findings"),
    ("技术细节", "Technical details"),
    ("行业影响", "Impact on the industry"),
    ("争议与风险", "Controversy and risks"),
    ("方法", "Method"),
    ("下一步", "What comes next"),
    ("结论", "Conclusion"),
];

pub const AUTHORS: &[Pair] = &[
    ("李明", "Li Ming"),
    ("王芳", "Wang Fang"),
    ("张伟", "Zhang Wei"),
    ("陈静", "Chen Jing"),
    ("刘洋", "Liu Yang"),
];

pub const SOURCES: &[Pair] = &[
    ("机器之心", "Synced"),
    ("麻省理工科技评论", "MIT Technology Review"),
    ("量子位", "QbitAI"),
    ("Duet 编辑部", "Duet Editors"),
];

pub const FAQ_QUESTIONS: &[Pair] = &[
    ("这项技术成熟了吗？", "Is the technology mature?"),
    ("普通用户需要关心吗？", "Should ordinary users care?"),
    ("成本会下降吗？", "Will costs come down?"),
];

pub const CODE_SNIPPETS: &[(&str, &str)] = &[
    (
        "python",
        "response = client.generate(prompt, max_tokens=256)\nprint(response.text)",
    ),
    (
        "rust",
        "let answer = model.generate(&prompt, 256)?;\nprintln!(\"{answer}\");",
    ),
    (
        "bash",
        "pip install transformers\npython eval.py --model small",
    ),
];
