//! Rendering growth (`--growth`): how the time to draw one article grows with
//! the size of what the bundler accepts, a single Chinese paragraph with no
//! sentence punctuation and a single table, each doubled step by step. Linear
//! cost doubles the time per doubling; the table prints the factor beyond that.
//!
//! The articles are written as Markdown and bundled by `duet-bundle` itself, so
//! the app sees exactly what a real build would give it.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::Parser as _;
use duet_chromium::Driver;
use fantoccini::{Client, Locator};

/// Longest a page may take before the benchmark gives up on it.
const PAGE_TIMEOUT: Duration = Duration::from_secs(120);

/// One generated article: what it holds and how big it is.
struct Case {
    slug: String,
    /// "paragraph" or "table".
    kind: &'static str,
    /// Characters of the paragraph, or rows of the table.
    size: usize,
}

/// Paragraph lengths in characters, doubling, up to the longest the bundler takes.
const PARAGRAPH_SIZES: [usize; 9] = [
    1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 300_000,
];
/// Table rows, doubling, up to the largest table the bundler takes.
const TABLE_ROWS: [usize; 8] = [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 120_000];

/// Runs the growth benchmark and returns its markdown table.
pub async fn measure(dist: &Path) -> Result<String> {
    let work = tempfile::tempdir()?;
    let content = work.path().join("content");
    let cases = write_content(&content)?;
    let site = work.path().join("site");
    crate::browser::copy_dir(dist, &site)?;
    // The dist's own bundle and pre-rendered pages give way to the generated one,
    // so every page below is drawn by the app.
    for generated in ["data", "a"] {
        let path = site.join(generated);
        if path.exists() {
            std::fs::remove_dir_all(&path)?;
        }
    }
    eprintln!("bundling {} generated articles…", cases.len());
    let cli = duet_bundle::cli::Cli::try_parse_from([
        "duet-bundle".as_ref(),
        "build".as_ref(),
        "--out".as_ref(),
        site.join("data").as_os_str(),
        content.as_os_str(),
    ])?;
    if duet_bundle::run(cli)? != duet_bundle::Outcome::Success {
        bail!("the generated articles did not bundle");
    }

    write_static_pages(&site, &cases)?;

    let server = duet_serve::StaticServer::start(&site, "/", "127.0.0.1:0")?;
    let driver = Driver::start().await?;
    let mut rows = Vec::new();
    for case in &cases {
        let app = format!("{}a/{}?view=zh", server.url(), case.slug);
        let plain = format!("{}static-{}.html", server.url(), case.slug);
        let mut times = [None, None];
        for (time, url) in times.iter_mut().zip([app, plain]) {
            let session = driver.session().await?;
            let started = Instant::now();
            let drawn = drawn_after(&session.client, &url).await;
            session.close().await.ok();
            match drawn {
                Ok(ms) => *time = Some(ms),
                Err(error) => eprintln!("{url}: not drawn ({error:#})"),
            }
            eprintln!(
                "{} of {}: {url} in {:.1} s",
                case.kind,
                case.size,
                started.elapsed().as_secs_f64()
            );
        }
        rows.push((case, times));
    }
    Ok(table(&rows))
}

/// Each article as the pre-renderer writes it, alone with the stylesheet and no
/// script: what a reader with scripts off, or before the app starts, waits for.
fn write_static_pages(site: &Path, cases: &[Case]) -> Result<()> {
    let catalog = duet_prerender::read_catalog(&site.join("data"))?;
    let css = std::fs::read_dir(site)?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .find(|name| name.ends_with(".css"))
        .context("dist has no stylesheet")?;
    for case in cases {
        let file = site.join("data").join(duet_core::article_path(&case.slug));
        let article = duet_core::decode::decode_article(
            &case.slug,
            &duet_prerender::read_bundle_text(&file)?,
        )?;
        std::fs::write(
            site.join(format!("static-{}.html", case.slug)),
            duet_prerender::static_page(&catalog.site, &article, duet_core::Lang::Zh, &css),
        )?;
    }
    Ok(())
}

/// Opens `url` and returns the time from navigation to the first frame after the
/// article body is in the page, in milliseconds.
async fn drawn_after(client: &Client, url: &str) -> Result<f64> {
    client.goto(url).await?;
    client
        .wait()
        .at_most(PAGE_TIMEOUT)
        .for_element(Locator::Css(".article-body .pair .blk"))
        .await
        .context("no article body")?;
    // The frame after the body appeared: layout and paint of it are done.
    let script = "const done = arguments[0];\
                  requestAnimationFrame(() => setTimeout(() => done(performance.now())));";
    let value = client.execute_async(script, vec![]).await?;
    value
        .as_f64()
        .context("the timing script returned no number")
}

/// The markdown table: time per size, for the app and the static page, each with
/// its growth per doubling beyond linear (1.00× is linear).
fn table(rows: &[(&Case, [Option<f64>; 2])]) -> String {
    let mut out = String::from(
        "| article | size | app: drawn in | growth beyond linear | static page: drawn in | growth beyond linear |\n\
         |---|---:|---:|---:|---:|---:|\n",
    );
    let mut previous: Option<(&Case, [Option<f64>; 2])> = None;
    for (case, times) in rows {
        let unit = if case.kind == "table" {
            "rows"
        } else {
            "characters"
        };
        let _ = write!(out, "| one {} | {} {unit} |", case.kind, case.size);
        for (column, now) in times.iter().enumerate() {
            let before = previous
                .filter(|(earlier, _)| earlier.kind == case.kind)
                .map(|(earlier, times)| (earlier.size, times[column]));
            let growth = match (before, now) {
                (Some((size, Some(time))), Some(now)) => {
                    // Normalised to one doubling, so the last, shorter step compares too.
                    let doublings = (case.size as f64 / size as f64).log2();
                    format!("{:.2}×", (now / time).powf(1.0 / doublings) / 2.0)
                }
                _ => "—".to_string(),
            };
            let time = now.map_or("not drawn".to_string(), |ms| format!("{ms:.0} ms"));
            let _ = write!(out, " {time} | {growth} |");
        }
        out.push('\n');
        previous = Some((case, *times));
    }
    out
}

/// Writes the site and one article per case into `content`.
fn write_content(content: &Path) -> Result<Vec<Case>> {
    std::fs::create_dir_all(content)?;
    std::fs::write(
        content.join("site.toml"),
        "base_path = \"/\"\n[title]\nzh = \"增长\"\nen = \"Growth\"\n",
    )?;
    let mut text = ChineseText::new(7);
    let mut cases = Vec::new();
    for size in PARAGRAPH_SIZES {
        let slug = format!("paragraph-{size}");
        write_article(content, &slug, &text.take(size), true)?;
        cases.push(Case {
            slug,
            kind: "paragraph",
            size,
        });
    }
    for rows in TABLE_ROWS {
        let slug = format!("table-{rows}");
        // Six bytes a row, as in the report this measures: 120,000 rows stay
        // under the bundler's 1 MiB per file.
        let mut table = String::from("|甲|乙|\n|-|-|\n");
        for row in 0..rows {
            table.push_str(if row % 2 == 0 { "|a|b|\n" } else { "|c|d|\n" });
        }
        write_article(content, &slug, &table, false)?;
        cases.push(Case {
            slug,
            kind: "table",
            size: rows,
        });
    }
    Ok(cases)
}

/// A Chinese article holding `body`, with a short English one beside it if
/// `with_english` (a table alone in Chinese keeps the build free of drift warnings).
fn write_article(content: &Path, slug: &str, body: &str, with_english: bool) -> Result<()> {
    let folder = content.join(slug);
    std::fs::create_dir_all(&folder)?;
    std::fs::write(
        folder.join("index.zh.md"),
        format!("+++\ntitle = \"{slug}\"\ndate = 2026-12-01\n+++\n\n{body}\n"),
    )?;
    if !with_english {
        return Ok(());
    }
    std::fs::write(
        folder.join("index.en.md"),
        format!("+++\ntitle = \"{slug}\"\ndate = 2026-12-01\n+++\n\nA short paragraph.\n"),
    )?;
    Ok(())
}

/// Chinese characters in a repeatable pseudo-random order, so the dictionary cuts
/// the text into words of varied length as it would real prose.
struct ChineseText {
    state: u64,
}

impl ChineseText {
    /// Common characters: most pairs of them form no word, some do.
    const CHARACTERS: &'static str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可也你能而子那得着下自之年过发后里如家多经么去法学都同现当没动面起看定天还进好小部其些主样理心本前开但因只从想实日者意无力它与长把机民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应向头文体政美相见被利什二等产或新己制身果加西月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活更别打女变四总何电数安少报才结反受目太量再感建务做接必场件计管期市直资命山金指许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功包片史委乎查轻易早曾除农找装广显阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康虑幸均销钟诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予礼港雨板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材灭逐莫笔亡鲜词圣择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳顶玉镇雪午练迫爷篇肉嘴馆遍凡础洞卷坦牛宁纸诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店鬼软典欲萨伙遭盘爸扩盖弄雄稳忘亿刺拥徒姆杨齐赛趣曲刀床迎冰虚玩析窗醒妻透购替塞努休虎扬途侵刑绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟麻川申缓潜闪售灯针哲络抵朱埃抱鼓植纯夏忍页杰筑折郑贝尊吴秀混臣雅振染盛怒舞圆搞狂措姓残秋培迷诚宽宇猛摆梅毁伸摩盟末乃悲拍丁赵硬麦蒋操耶阻订彩抽赞魔纷沿喊违妹浪汇币丰蓝殊献桌瓦莱援译夺汽烧距裁偏符勇触课敬哭懂墙袭召罚侠厅拜巧侧韩冒债曼融惯享戴童犹乘挂奖绍厚纵障讯涉彻刊丈爆乌役描洗玛患妙镜唱烦签仙彼弗症仿倾牌陷鸟轰咱菜闭奋庆撤泪茶疾缘播朗杜奶季丹狗尾仪偷奔珠虫驻孔宜艾桥淡翼恨繁寒伴叹旦愈潮粮缩罢聚径恰挑袋灰捕徐珍幕映裂泰隔启尖忠累炎暂估泛荒偿横拒瑞忆孤鼻闹羊呆厉衡胞零穷舍码赫婆魂灾洪腿胆津俗辩胸晓劲贫仁偶辑邦恢赖圈摸仰润堆碰艇稍迟辆废净凶署壁御奉旋冬矿抬蛋晨伏吹鸡倍糊秦盾杯租骑乏隆诊奴摄丧污渡旗甘耐凭扎抢绪粗肩梁幻菲皆碎宙叔岩荡综爬荷悉蒂返井壮薄悄扫敏碍殖详迪矛霍允幅撒剩凯颗骂赏液番箱贴漫酸郎腰舒眉忧浮辛恋餐吓挺励辞艘键伍峰尺昨黎辈贯侦滑券崇扰宪绕趋慈乔阅汗枝拖墨胁插箭腊粉泥氏彭拔骗凤慧媒佩愤扑龄驱惜豪掩兼跃尸肃帕驶堡届欣惠册储飘桑闲惨洁踪勃宾频仇磨递邪撞拟滚奏巡颜剂绩贡疯坡瞧截燃焦殿伪柳锁逼颇昏劝呈搜勤戒驾漂饮曹朵仔柔俩孟腐幼践籍牧凉牲佳娜浓芳稿竹腹跌逻垂遵脉貌柏狱猜怜惑陶兽帐饰贷昌叙躺钢沟寄扶铺邓寿惧询汤盗肥尝匆辉奈扣廷澳董迁凝慰厌脏腾幽怨鞋丢埋泉涌辖躲晋紫艰魏吾慌祝邮吐狠鉴械咬邻赤挤弯椅陪割揭韦悟聪雾锋梯猫祥阔誉筹丛牵鸣沈阁穆屈旨袖猎臂蛇贺柱抛鼠瑟戈牢逊迈欺吨琴衰瓶恼燕仲诱狼池疼卢仗冠粒遥吕玄尘冯抚浅敦纠钻晶岂峡苍喷耗凌敲菌赔涂粹扁亏寂煤熊恭湿循暖糖赋抑秩帽哀宿踏烂袁侯抖夹昆肝擦猪炼恒慎搬纽纹玻渔磁铜齿跨押怖漠疲叛遣兹祭醉拳弥斜档稀捷肤疫肿豆削岗晃吞宏癌肚隶履涨耀扭坛拨沃绘伐堪仆郭牺歼墓雇廉契拼惩捉覆刷劫嫌瓜歇雕闷乳串娃缴唤赢莲霸桃妥瘦搭赴岳嘉舱俊址庞耕锐缝悔邀玲惟斥宅添挖呵讼氧浩羽斤酷掠妖祸侍乙妨贪挣汪尿莉悬唇翰仓轨枚盐览傅帅庙芬屏寺胖璃愚滴疏萧姿颤丑劣柯寸扔盯辱匹俱辨饿蜂腔郁溃谨糟葛苗肠忌溜鸿爵鹏鹰笼丘桂滋聊挡纲肌茨壳痕碗穴膀卓贤卧膜毅锦欠函茫昂薛皱夸豫胃舌剥傲拾窝睁携陵棉晴铃填饲渴吻扮逆脆喘罩卜炉柴愉绳胎蓄眠竭喂傻慕浑奸扇柜悦拦诞饱乾泡贼亭夕爹酬儒姻卵氛泄杆挨僧蜜吟猩遂狭肖甜霞驳裕顽摘矮秒卿畜咽披辅勾盆疆赌塑畏吵囊泊肺骤缠冈羞瞪吊贾漏斑涛悠鹿俘锡卑葬铭滩嫁催翅盒蛮潘歧赐鲍锅廊拆灌勉盲宰佐胀扯禧辽抹筒棋裤朴咐孕誓喉妄拘链驰栏逝窃艳臭纤棵趁匠盈翁愁瞬婴孝颈倘浙谅蔽畅赠妮莎尉冻跪闯葡厨鸭颠遮谊圳吁仑辟瘤嫂陀框谭亨钦庸歉芝吼甫衫摊宴嘱衷娇陕矩浦讶耸碧摧薪淋耻胶屠鹅饥盼脖虹翠崩账萍逢赚撑翔倡绵猴枯巫昭怔渊凑溪蠢禅阐旺寓藤匪伞碑挪琼脂谎慨菩萄狮掘抄岭晕逮砍掏狄晰罕挽脾舟痴蔡剪脊弓懒叉拐喃僚捐姊骚拓歪粘柄坑陌窄湘兆崖骄刹鞭芒筋聘钩棍嚷腺弦焰耍俯厘愣厦恳饶钉寡憾摔叠惹喻谱愧煌徽溶坠煞巾滥洒堵瓷咒姨棒郡浴媚稣淮屁漆巢吩撰啸滞玫硕钓蝶膝姚茂躯吏猿寨恕渠戚辰舶颁惶狐讽笨袍嘲啡泼衔倦涵雀旬僵撕肢垄夷逸茅侨舆窑涅蒲谦杭弊勋刮郊凄捧浸砖鼎篮蒸饼亩肾陡爪兔殷贞荐哑炭坟眨搏咳拢舅昧擅爽咖搁禄雌哨巩绢螺裹昔轩谬谍龟媳姜瞎冤鸦蓬巷琳栽沾诈斋瞒彪厄咨纺罐桶壤糕颂膨谐垒隙辣绑宠兑霉挫稽辐乞纱裙绣杖塘衍轴攀膊譬斌祈踢肆坎轿棚泣屡躁邱凰溢椎砸趟帘帆栖窜丸斩堤塌贩厢掀喀乖谜捏阎滨虏匙芦苹卸沼钥株祷剖熙劈怯棠胳桩瑰娱娶沫嗓蹲焚淘嫩韵衬匈钧竖峻豹捞菊鄙魄兜颖镑屑蚁壶怡渗秃迦旱咸焉谴宛稻铸锻伽詹毙恍贬烛骇芯汁桓坊驴朽靖佣汝碌迄冀荆崔雁绅珊榜诵傍彦醇笛禽勿娟瞄幢寞睹贿踩霆妃蔑谕缚诡篷淹腕煮倩卒勘馨逗甸贱炒灿敞蜡囚栗辜垫妒魁谣寥陇";

    fn new(seed: u64) -> ChineseText {
        ChineseText { state: seed }
    }

    /// The next `count` characters, with no sentence punctuation among them.
    fn take(&mut self, count: usize) -> String {
        let characters: Vec<char> = Self::CHARACTERS.chars().collect();
        (0..count)
            .map(|_| {
                // A 64-bit LCG (Knuth's MMIX constants): repeatable, and plenty for picking characters.
                self.state = self
                    .state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                characters[(self.state >> 33) as usize % characters.len()]
            })
            .collect()
    }
}
