/* The targets stage, sentence by sentence: every form of figure the issue names, what must not
 * be read as a figure, and how indicator, op, kind, year and deadline are completed. */
#include "testing.h"

#include "../core/doc.h"
#include "../extract/extract.h"
#include "../extract/number.h"

/* What a record must hold; a NULL string or a zero number is not checked. */
typedef struct want {
    const char *indicator, *op, *value, *unit, *value_max, *from, *kind, *deadline, *rule;
    int year;        /* -1: null */
    int placeholder; /* 1 true, -1 false */
    int approx;      /* 1 true, -1 false */
} want;

static zhx_doc *extract(const char *text)
{
    return run_doc(shipped_rules(), NULL, text, strlen(text), true);
}

static void check_decimal(const char *text, const char *field, bool has, zhx_decimal d,
                          const char *want_value)
{
    char got[64] = "null";
    if (has)
        zhx_decimal_format(d, got, sizeof got);
    if (strcmp(got, want_value) != 0)
        fail_msg("\"%s\": %s is %s, expected %s", text, field, got, want_value);
}

static void check_string(const char *text, const char *field, const char *got, const char *wanted)
{
    if (!got)
        got = "null";
    if (strcmp(got, wanted) != 0)
        fail_msg("\"%s\": %s is \"%s\", expected \"%s\"", text, field, got, wanted);
}

static void check_target(const char *text, const zhx_target *t, const want *w)
{
    if (w->indicator)
        check_string(text, "indicator", t->indicator, w->indicator);
    if (w->op)
        check_string(text, "op", t->op, w->op);
    if (w->value)
        check_decimal(text, "value", t->has_value, t->value, w->value);
    if (w->unit)
        check_string(text, "unit", t->unit, w->unit);
    if (w->value_max)
        check_decimal(text, "value_max", t->has_value_max, t->value_max, w->value_max);
    if (w->from)
        check_decimal(text, "from", t->has_from, t->from, w->from);
    if (w->kind)
        check_string(text, "kind", t->kind, w->kind);
    if (w->deadline)
        check_string(text, "deadline", t->deadline, w->deadline);
    if (w->rule)
        check_string(text, "rule", t->rule, w->rule);
    if (w->year && t->year != (w->year < 0 ? 0 : w->year))
        fail_msg("\"%s\": year is %d, expected %d", text, t->year, w->year);
    if (w->placeholder && t->placeholder != (w->placeholder > 0))
        fail_msg("\"%s\": placeholder is %d", text, t->placeholder);
    if (w->approx && t->approx != (w->approx > 0))
        fail_msg("\"%s\": approx is %d", text, t->approx);
}

/* `text` yields exactly the records `wants`, in order. */
static void expect(const char *text, const want *wants, size_t n)
{
    zhx_doc *doc = extract(text);
    if (doc->ntargets != n) {
        for (size_t i = 0; i < doc->ntargets; i++)
            print_message("# record %zu: %s %s\n", i, doc->targets[i].indicator,
                          doc->targets[i].rule);
        fail_msg("\"%s\": %zu records, expected %zu", text, doc->ntargets, n);
    }
    for (size_t i = 0; i < n; i++)
        check_target(text, &doc->targets[i], &wants[i]);
    zhx_doc_free(doc);
}

#define EXPECT(text, ...)                                                                          \
    do {                                                                                           \
        const want wants_[] = {__VA_ARGS__};                                                       \
        expect((text), wants_, sizeof wants_ / sizeof wants_[0]);                                  \
    } while (0)

static void expect_none(const char *text)
{
    expect(text, NULL, 0);
}

static void test_comparisons(void **state)
{
    (void)state;
    EXPECT("婴儿死亡率控制在6‰以下。",
           {.indicator = "婴儿死亡率", .op = "<=", .value = "6", .unit = "‰"});
    EXPECT("全县常住人口平均期望寿命到达77.5岁；",
           {.indicator = "平均期望寿命", .op = ">=", .value = "77.5", .unit = "岁"});
    EXPECT("居民规范化电子健康档案建档率≥65%。",
           {.indicator = "居民规范化电子健康档案建档率", .op = ">=", .value = "65", .unit = "%"});
    EXPECT("政策范围内住院费用报销比例不低于75%。", {.op = ">=", .value = "75", .unit = "%"});
    EXPECT("个人卫生支出占卫生总费用的比重不超过28%。",
           {.indicator = "个人卫生支出占卫生总费用的比重", .op = "<=", .value = "28"});
    EXPECT("年门诊量小于40万人次。", {.op = "<", .value = "400000", .unit = "人次"});
    EXPECT("每个乡镇至少100个。", {.op = ">=", .value = "100", .unit = "个"});
    EXPECT("法定传染病报告率保持在95%以上。",
           {.indicator = "法定传染病报告率", .op = ">=", .value = "95"});
    EXPECT("平均住院日稳定在9天左右。", {.op = "=", .value = "9", .unit = "天", .approx = 1});
    /* a comparator before the verb that leads the count bounds it */
    EXPECT("每个县至少建成1所县级特困人员供养服务设施。",
           {.op = ">=", .value = "1", .unit = "所", .rule = "target.count"});
    EXPECT("每季度至少开展1次全覆盖排查。", {.op = ">=", .value = "1", .unit = "次"});
    EXPECT("每季度开展1次全覆盖排查。", {.op = "=", .value = "1", .unit = "次"});
    /* a comparator word right before the number gives the op whatever the rule's, after an
     * object (逾 is part of the number) or after a verb that sets its own */
    EXPECT("在合作区登记的澳资企业逾6,300家，澳门新街坊居民陆续入住。",
           {.indicator = "在合作区登记的澳资企业", .op = ">", .value = "6300", .unit = "家"});
    EXPECT("到2028年，在合作区就业的澳门居民增至逾1.2万人。",
           {.op = ">", .value = "12000", .unit = "人"});
    EXPECT("公共服务事项不少于20项。", {.op = ">=", .value = "20", .unit = "项"});
}

static void test_rates_ratios_and_units(void **state)
{
    (void)state;
    EXPECT("孕产妇死亡率控制在15/10万以下。", {.value = "15", .unit = "1/10万", .op = "<="});
    EXPECT("法定传染病报告发病率控制在300/10万以下。", {.value = "300", .unit = "1/10万"});
    EXPECT("医护比提高到1:1.5。", {.indicator = "医护比", .value = "1.5", .unit = "ratio"});
    EXPECT("床护比达到1：0.6。", {.indicator = "床护比", .value = "0.6", .unit = "ratio"});
    EXPECT("健康素养水平达到百分之二十以上。", {.op = ">=", .value = "20", .unit = "%"});
    EXPECT("县域内就诊率达到九成以上。", {.value = "90", .unit = "%", .op = ">="});
    EXPECT("健康素养水平提高5个百分点。", {.value = "5", .unit = "百分点"});
    EXPECT("全县卫生总投入力争翻一番。", {.value = "2", .unit = "倍", .op = ">="});
    EXPECT("总投资16.4亿元。", {.indicator = "总投资", .value = "1640000000", .unit = "元"});
    EXPECT("总投资123.05亿元。", {.value = "12305000000", .unit = "元"});
    /* a percentage whose % was lost, for a rate; not guessed for a death rate */
    EXPECT("全区社区卫生服务覆盖率达60。", {.value = "60", .unit = "%"});
    EXPECT("婴儿死亡率控制在6以下。", {.value = "6", .unit = "null"});
}

static void test_chinese_numerals_and_ranges(void **state)
{
    (void)state;
    /* 点 starts no numeral: 助餐点 is a word, 一千 the count */
    EXPECT("三年内新增老年助餐点一千个。",
           {.indicator = "老年助餐点", .value = "1000", .unit = "个"});
    EXPECT("新建两所乡镇卫生院，", {.indicator = "乡镇卫生院", .value = "2", .unit = "所"});
    EXPECT("全年诊疗人次达到十万零一千人次。", {.value = "101000", .unit = "人次"});
    EXPECT("培训乡村医生两千人次。", {.value = "2000", .unit = "人次"});
    EXPECT("对1-2所医疗机构实施股份制改革。", {.indicator = "医疗机构实施股份制改革",
                                               .value = "1",
                                               .value_max = "2",
                                               .unit = "所",
                                               .op = "="});
    EXPECT("新建3至5个社区卫生服务站。",
           {.indicator = "社区卫生服务站", .value = "3", .value_max = "5", .unit = "个"});
    EXPECT("对1～2所医院开展试点。", {.value = "1", .value_max = "2"});
    EXPECT("新建两三个医联体。", {.value = "2", .value_max = "3", .unit = "个"});
    EXPECT("全县常住人口达到13万2。", {.value = "132000"});
}

/* Counts said as they are, and zero counts of incidents. */
static void test_counts_as_they_are(void **state)
{
    (void)state;
    EXPECT("全市持证养老护理员仅有2,160人。",
           {.indicator = "持证养老护理员", .op = "=", .value = "2160", .unit = "人"});
    EXPECT("较大及以上生产安全事故为零。",
           {.indicator = "较大及以上生产安全事故", .value = "0", .unit = "起"});
    EXPECT("开展安全宣传活动不少于4场次。", {.value = "4", .unit = "场次", .op = ">="});
}

static void test_approximate(void **state)
{
    (void)state;
    EXPECT("多渠道筹集资金三十几万元。", {.value = "300000", .unit = "元", .approx = 1});
    EXPECT("设立救助基金二百余万元。", {.value = "2000000", .approx = 1});
    EXPECT("新建10多个村卫生室。", {.value = "10", .unit = "个", .approx = 1});
    EXPECT("新建10个村卫生室。", {.value = "10", .approx = -1});
}

static void test_placeholders(void **state)
{
    (void)state;
    EXPECT("签约服务率必须达到X%。",
           {.indicator = "签约服务率", .value = "null", .unit = "%", .placeholder = 1, .op = ">="});
    EXPECT("新农合参合率稳定在X%以上，政策范围支付比例达到XX%。",
           {.indicator = "新农合参合率", .placeholder = 1},
           {.indicator = "政策范围支付比例", .placeholder = 1});
    /* a placeholder that names something is no figure */
    expect_none("建立健全决策机制等X项制度，制定《X县建立现代医院管理制度实施方案》。");
}

static void test_not_figures(void **state)
{
    (void)state;
    expect_none("为落实中共中央有关卫生改革和发展的决定（中发19973号），");
    expect_none("2021年是“十四五”开局之年。");
    expect_none("全方面落实“三个代表”主要思想。");
    expect_none("推动“两癌”筛查等基本公共卫生项目提质扩面。");
    expect_none("深入推进疾病预防控制“八大行动”。");
    expect_none("拼争全国五十强县市。");
    expect_none("以优异成绩庆祝建党100周年。");
    expect_none("时间:2022-04-23 04:03:44");
    expect_none("在开展中着力把握好以下六个根本原则:1、坚持科学开展。");
    expect_none("改造提升一批中心乡镇卫生院。"); /* 一批 is "some", no count */
    /* a figure in a word that is no indicator: 5岁以下 stays in the indicator */
    EXPECT("5岁以下儿童死亡率控制在5‰以下。", {.indicator = "5岁以下儿童死亡率", .value = "5"});
    EXPECT("6、65岁以上老年人保健率管理率≥75%；",
           {.indicator = "65岁以上老年人保健率管理率", .value = "75"});
}

static void test_coordination(void **state)
{
    (void)state;
    EXPECT("孕产妇保健系统管理率到达95%以上,儿童保健系统管理率到达90%以上。",
           {.indicator = "孕产妇保健系统管理率", .value = "95"},
           {.indicator = "儿童保健系统管理率", .value = "90"});
    EXPECT("孕产妇系统管理率达到95%以上，儿童系统管理率达到90%以上。",
           {.indicator = "孕产妇系统管理率"}, {.indicator = "儿童系统管理率"});
    EXPECT("儿童国家免疫规划疫苗接种率,以乡镇为单位稳定在90%以上；",
           {.indicator = "儿童国家免疫规划疫苗接种率", .op = ">=", .value = "90"});
    EXPECT("儿童国家免疫规划疫苗接种率，以乡镇为单位稳定在90%以上；",
           {.indicator = "儿童国家免疫规划疫苗接种率", .op = ">=", .value = "90"});
    /* a count coordinated with a count and its noun */
    EXPECT("去年全市完成53个乡镇卫生院、145个贫困村标准化建设。",
           {.indicator = "乡镇卫生院", .value = "53", .kind = "actual"},
           {.indicator = "贫困村标准化建设", .value = "145", .unit = "个", .kind = "actual"});
    /* the subject of a change is the clause before, up to its number */
    EXPECT("全市卫生人员总数4.12万人，比上年增长3.5%。",
           {.indicator = "卫生人员总数", .value = "41200", .unit = "人"},
           {.indicator = "卫生人员总数", .value = "3.5", .kind = "actual"});
    EXPECT("每所乡镇卫生院拥有1名以上、每万人口拥有2名全科医生。",
           {.indicator = "每所乡镇卫生院全科医生", .op = ">=", .value = "1", .unit = "名"},
           {.indicator = "每万人口全科医生", .op = ">=", .value = "2", .unit = "名"});
    EXPECT("目前全市因病致贫、因病返贫达2.9万户、4.3万人。",
           {.indicator = "因病致贫、因病返贫", .value = "29000", .unit = "户"},
           {.indicator = "因病致贫、因病返贫", .value = "43000", .unit = "人"});
    EXPECT("因病返贫人口降至4.3万人，减少28.3%。", {.indicator = "因病返贫人口", .value = "43000"},
           {.indicator = "因病返贫人口", .value = "-28.3", .unit = "%"});
    /* a clause that only says how the figure is counted leaves the subject before */
    EXPECT("全年全市地区生产总值2856.3亿元，按不变价格计算，比上年增长5.8%。",
           {.indicator = "地区生产总值", .value = "285630000000", .unit = "元"},
           {.indicator = "地区生产总值", .value = "5.8", .unit = "%"});
}

/* 分别: names and figures pair one to one when the names are whole (the same last character)
 * or short modifiers of the last one's head; otherwise the list stays one name. */
static void test_respectively(void **state)
{
    (void)state;
    /* years given one each, named before the figures or right after each */
    EXPECT("农村卫生厕所普及率2026年、2027年、2028年分别达到85%、88%和90%。",
           {.value = "85", .year = 2026, .op = ">="}, {.value = "88", .year = 2027},
           {.value = "90", .year = 2028});
    EXPECT("农村生活污水治理率分别达到42%（2026年）、48%（2027年）、55%（2028年）。",
           {.indicator = "农村生活污水治理率", .value = "42", .year = 2026},
           {.indicator = "农村生活污水治理率", .value = "48", .year = 2027},
           {.value = "55", .year = 2028});
    EXPECT("2027年、2028年分别完成信息基础设施投资200亿元、220亿元。",
           {.indicator = "信息基础设施投资", .value = "20000000000", .year = 2027},
           {.indicator = "信息基础设施投资", .value = "22000000000", .year = 2028});
    EXPECT("三年共改造城镇老旧小区180个，其中2026年60个、2027年65个。", {.value = "180"},
           {.indicator = "城镇老旧小区", .value = "60", .year = 2026},
           {.indicator = "城镇老旧小区", .value = "65", .year = 2027});
    EXPECT("孕产妇死亡率、婴儿死亡率和5岁以下儿童死亡率分别为11.2/10万、4.1‰、5.8‰。",
           {.indicator = "孕产妇死亡率", .op = "=", .value = "11.2", .unit = "1/10万"},
           {.indicator = "婴儿死亡率", .op = "=", .value = "4.1", .unit = "‰"},
           {.indicator = "5岁以下儿童死亡率", .op = "=", .value = "5.8", .unit = "‰"});
    EXPECT("城镇和农村居民人均可支配收入分别增长5.5%和7%。",
           {.indicator = "城镇居民人均可支配收入", .op = ">=", .value = "5.5"},
           {.indicator = "农村居民人均可支配收入", .op = ">=", .value = "7"});
    EXPECT("高血压、糖尿病患者规范管理率分别达到65%和60%。",
           {.indicator = "高血压、糖尿病患者规范管理率", .op = ">=", .value = "65"},
           {.indicator = "高血压、糖尿病患者规范管理率", .op = ">=", .value = "60"});
    /* as many names as figures, or none is given */
    EXPECT("婴儿死亡率和孕产妇死亡率分别为4.1‰。",
           {.indicator = "婴儿死亡率和孕产妇死亡率", .value = "4.1"});
}

/* A verb leads the clause, its object is the indicator, the count follows the object. */
static void test_action_object_counts(void **state)
{
    (void)state;
    EXPECT("新建污水管网25公里，城市生活污水集中收集率提高到70%。",
           {.indicator = "污水管网",
            .op = "=",
            .value = "25",
            .unit = "公里",
            .rule = "target.action-object-count"},
           {.indicator = "城市生活污水集中收集率", .value = "70"});
    EXPECT("全年改造农村户厕1.2万户；新改建农村公路312公里。",
           {.indicator = "农村户厕", .value = "12000", .unit = "户"},
           {.indicator = "农村公路", .value = "312", .unit = "公里"});
    EXPECT("淘汰国三及以下排放标准柴油货车300辆以上。",
           {.indicator = "国三及以下排放标准柴油货车", .op = ">=", .value = "300", .unit = "辆"});
    /* no verb leads the clause; an object too long to be one; a number before the object */
    expect_none("推进污水管网建设，管网25公里。");
    expect_none("新建以社区为中心覆盖全部居民的十五分钟健康服务圈和基层医疗卫生服务网络25公里。");
    expect_none("新建项目于2024年完成。");
    /* the places before a count, and the thing counted after it; its text is its clause */
    EXPECT(
        "新增学位3600个，年底前完成城关、石桥2所幼儿园主体工程。", {.value = "3600"},
        {.indicator = "幼儿园主体工程", .value = "2", .unit = "所", .rule = "target.place-count"});
    expect_none("圆满完成县十八届人大三次会议确定的目标任务。");
    /* an object in quotes, the count after a comma list; a category's count with no verb */
    EXPECT("有条件的既有住宅加装电梯120部，开展送戏下乡演出600场以上。",
           {.indicator = "电梯", .value = "120", .unit = "部"},
           {.indicator = "送戏下乡演出", .op = ">=", .value = "600", .unit = "场"});
    EXPECT("去年新建“一刻钟便民生活圈”20个。",
           {.indicator = "“一刻钟便民生活圈”", .value = "20", .unit = "个"});
    EXPECT("10月份，住房和物业管理类2.31万件，平均等待时长18.6秒。",
           {.indicator = "住房和物业管理类", .value = "23100", .unit = "件"},
           {.indicator = "平均等待时长", .value = "18.6", .unit = "秒"});
}

/* The parts of a count listed after it, each after a comma with no verb, however long the
 * list; a bound that qualifies the noun after it is no figure. */
static void test_parts_and_qualifiers(void **state)
{
    (void)state;
    EXPECT("全年主动公开政府信息1286条，其中机构职能类信息42条，政策文件类信息156条，行政许可和行政"
           "处罚“双公示”信息803条，食品安全监督抽检信息215条，工作动态类信息70条。",
           {.indicator = "政府信息", .value = "1286", .unit = "条"},
           {.indicator = "机构职能类信息", .value = "42", .rule = "target.among"},
           {.indicator = "政策文件类信息", .value = "156", .rule = "target.among-next"},
           {.indicator = "行政许可和行政处罚“双公示”信息", .value = "803"},
           {.indicator = "食品安全监督抽检信息", .value = "215"},
           {.indicator = "工作动态类信息", .value = "70", .unit = "条"});
    EXPECT("2025年，村级集体经济年经营性收入50万元以上的行政村占比达到58.3%。",
           {.value = "58.3", .unit = "%"});
    EXPECT("确保实现地区生产总值增长6%以上的目标。", {.value = "6", .op = ">="});
    /* a share of a whole, named after it (start=number): the comparator before it counts */
    EXPECT("2025年，超过五分之二的小农户与新型农业经营主体建立了利益联结机制。",
           {.indicator = "小农户与新型农业经营主体建立了利益联结机制",
            .op = ">",
            .value = "40",
            .unit = "%",
            .rule = "target.share-of-whole"});
    EXPECT("推动3/4的乡镇建成寄递物流综合服务站。",
           {.indicator = "乡镇建成寄递物流综合服务站", .value = "75", .unit = "%"});
    EXPECT("近三分之一的脱贫户实现稳定增收。", {.value = "33.3", .unit = "%", .approx = 1});
    /* the parts a rate is in: 千分之三 is 3 ‰, 万分之五 a rate in 10000 */
    EXPECT("监测对象占农村人口比重控制在千分之三以内。", {.op = "<=", .value = "3", .unit = "‰"});
    EXPECT("耕地保有量年度净减少率控制在万分之五以内。",
           {.op = "<=", .value = "5", .unit = "1/万"});
    /* a rank and a name with a number in it are no figures */
    EXPECT("规模以上工业增加值增长7.2%，增速居全省第4位。", {.value = "7.2"});
    expect_none("加快5G和千兆光网建设。");
    /* units of Latin letters after a rate stated as it is; a count with no verb */
    EXPECT("城市区域声环境昼间平均等效声级为54.2dB(A)，重污染天数2天。",
           {.value = "54.2", .unit = "dB(A)"}, {.indicator = "重污染天数", .value = "2"});
    /* a grant after 给予; a count of its own after a fall is no fall */
    EXPECT("对取得证书的，一次性给予1000元至3000元奖励。",
           {.value = "1000", .value_max = "3000", .unit = "元"});
    EXPECT("2025年，城镇调查失业率较上年下降0.2个百分点，农村劳动力转移就业60.8万人。",
           {.value = "-0.2"}, {.indicator = "农村劳动力转移就业", .value = "608000"});
    /* a one-off (一次性) counts nothing */
    expect_none("非税收入因国有资源有偿使用收入一次性入库。");
    /* a total parted among places: each part named by its place and the total's indicator,
     * the place before its part or in brackets after it, or the part's indicator a place alone */
    EXPECT("完成农村户厕改造4800户（其中：南湖区900户，安平县2100户）。",
           {.indicator = "农村户厕改造", .value = "4800", .rule = "target.complete-object"},
           {.indicator = "南湖区农村户厕改造", .value = "900"},
           {.indicator = "安平县农村户厕改造", .value = "2100", .rule = "target.place-part"});
    EXPECT("完成城镇老旧小区改造126个，各区任务为：48个（东城区）、41个（西城区）。",
           {.indicator = "城镇老旧小区改造", .value = "126"},
           {.indicator = "东城区城镇老旧小区改造", .value = "48"},
           {.indicator = "西城区城镇老旧小区改造", .value = "41"});
    EXPECT("全市粮食播种面积稳定在186万亩以上，安平县不低于98万亩、临溪县不低于76万亩。",
           {.indicator = "粮食播种面积", .value = "1860000"},
           {.indicator = "安平县粮食播种面积", .value = "980000", .op = ">="},
           {.indicator = "临溪县粮食播种面积", .value = "760000", .op = ">="});
    /* a count that names nothing is named as the one before in its unit: what it was planned
     * against; a change from the level at the year's start */
    EXPECT("完成情况报告\n计划新建改造农村集中供水工程14处，农村自来水普及率达到95%；实际完成14处，"
           "农村自来水普及率由年初的92.6%提高到95.1%。",
           {.indicator = "农村集中供水工程", .value = "14"}, {.value = "95"},
           {.indicator = "农村集中供水工程", .value = "14", .kind = "actual"},
           {.indicator = "农村自来水普及率", .from = "92.6", .value = "95.1"});
    /* a part that each of a list of places takes: a record for each */
    EXPECT("新增普惠性托位2400个，东城区、西城区各600个，高新区900个。",
           {.indicator = "普惠性托位", .value = "2400"},
           {.indicator = "东城区普惠性托位", .value = "600", .rule = "target.places-each"},
           {.indicator = "西城区普惠性托位", .value = "600", .unit = "个", .kind = "target"},
           {.indicator = "高新区普惠性托位", .value = "900"});
    /* parts after 其中 and a comma; a share its subject takes */
    EXPECT("参保人数达到3568.2万人，其中，企业职工基本养老保险1542.6万人、城乡居民基本养老保险1856."
           "3万人。",
           {.value = "35682000"}, {.indicator = "企业职工基本养老保险", .value = "15426000"},
           {.indicator = "城乡居民基本养老保险", .value = "18563000"});
    EXPECT("扶持创业9.3万人，个人创业者中女性占47.3%。", {.value = "93000"},
           {.indicator = "个人创业者中女性",
            .value = "47.3",
            .unit = "%",
            .rule = "target.share-of-subject"});
    /* a kind of area is no place: its count keeps its own name */
    EXPECT("新增城镇就业4.1万人，老旧小区32个。", {.value = "41000"},
           {.indicator = "老旧小区", .value = "32"});
}

static void test_changes(void **state)
{
    (void)state;
    EXPECT(
        "人均基本公共卫生经费补助标准由74元增至79元。",
        {.indicator = "人均基本公共卫生经费补助标准", .from = "74", .value = "79", .unit = "元"});
    EXPECT("去年因病返贫户较2021年减少29.3%。",
           {.indicator = "因病返贫户", .value = "-29.3", .op = "=", .kind = "actual"});
    EXPECT("力争孕产妇死亡率较2020年下降10%。",
           {.indicator = "孕产妇死亡率", .value = "-10", .op = "<=", .kind = "target"});
    EXPECT("门诊量同比增长12.5%。", {.value = "12.5", .kind = "actual", .op = "="});
    /* a fall written with a minus sign, as statistics releases print it, and the subject of a
     * month-on-month change in the clause before */
    EXPECT("去年民间投资增长−3.1%。",
           {.indicator = "民间投资", .value = "-3.1", .op = "=", .kind = "actual"});
    EXPECT("去年规模以上工业增加值同比增长6.4%，环比增长0.7%。",
           {.indicator = "规模以上工业增加值", .value = "6.4"},
           {.indicator = "规模以上工业增加值", .value = "0.7"});
    /* a change on the month before: its subject is the figure's before */
    EXPECT("去年群众满意率为93.8%，较上月下降0.9个百分点。",
           {.indicator = "群众满意率", .value = "93.8"},
           {.indicator = "群众满意率", .value = "-0.9", .unit = "百分点"});
    /* a floor and a stretch target of one indicator, the stretch with an aside after it */
    EXPECT("工作计划\n地区生产总值增长6%左右，力争7%（预期性）；研发经费投入强度达到2.5%。",
           {.indicator = "地区生产总值", .value = "6", .op = "=", .approx = 1},
           {.indicator = "地区生产总值",
            .value = "7",
            .op = ">=",
            .kind = "target",
            .rule = "target.assure"},
           {.indicator = "研发经费投入强度", .value = "2.5"});
    /* a change marked by an arrow right after a figure is that figure's; after a name, its */
    EXPECT("去年一般公共预算收入15.3亿元↑8.6%，单位GDP能耗↓3.2%。",
           {.indicator = "一般公共预算收入", .value = "1530000000"},
           {.indicator = "一般公共预算收入", .value = "8.6", .unit = "%", .kind = "actual"},
           {.indicator = "单位GDP能耗", .value = "-3.2"});
    /* a post's shorthand for comparators: 超 before a figure, + after it, 近 before a share */
    EXPECT("去年完成农村户厕改造超3000户，外贸进出口总额同比增长12%+，县域内就诊率近九成。",
           {.value = "3000", .op = ">"}, {.value = "12", .op = ">="},
           {.indicator = "县域内就诊率", .value = "90", .unit = "%"});
    expect_none("去年引进总投资超1亿美元项目");
    /* a change on the year before written with its sign alone, as a bulletin's table prints it */
    EXPECT("上半年，网上零售额同比+21.3%，工业用电量同比-3.1%。",
           {.indicator = "网上零售额", .value = "21.3", .unit = "%"},
           {.indicator = "工业用电量", .value = "-3.1", .unit = "%"});
}

static void test_kind(void **state)
{
    (void)state;
    EXPECT("去年全市孕产妇住院分娩率达99.96%。", {.kind = "actual", .op = "="});
    EXPECT("现在我区已建社区卫生服务网点14个，社区卫生服务覆盖面达48以上。",
           {.kind = "actual", .value = "14"}, {.kind = "actual", .op = ">=", .unit = "%"});
    EXPECT("到2025年，孕产妇住院分娩率达到99%。", {.kind = "target", .op = ">="});
    EXPECT("确保法定传染病报告率保持在95%以上。", {.kind = "target"});
    /* a cue that opens a sentence governs its parts after a semicolon, not the next sentence */
    EXPECT("截至2020年底，全省共有体育场地12.6万个；经常参加体育锻炼人数比例达到36.2%。"
           "力争经常参加体育锻炼人数比例达到38.5%。",
           {.kind = "actual", .value = "126000"}, {.kind = "actual", .value = "36.2"},
           {.kind = "target", .value = "38.5"});
    /* 比上年 is a base of comparison, not the reported cue 上年 */
    EXPECT("力争年内新增县级重点专科1个，门急诊人次比上年增长5%。",
           {.kind = "target", .value = "1"}, {.kind = "target", .value = "5"});
    /* a paragraph's lead before its colon gives its cue to sentences that have none; the
     * next paragraph goes by the title's genre (a work report reviews the year before) */
    EXPECT("2025年政府工作报告\n今年主要预期目标是：地区生产总值增长5.5%左右。"
           "固定资产投资增长8%以上。\n一般公共预算收入增长5%。",
           {.kind = "target", .value = "5.5"}, {.kind = "target", .value = "8"},
           {.kind = "actual", .value = "5"});
    /* a budget report: the execution of the year before is reported, the draft budget planned */
    EXPECT("关于2024年预算执行情况和2025年预算草案的报告\n一、2024年预算执行情况\n"
           "全市一般公共预算收入完成128.6亿元，增长5.2%。\n二、2025年预算草案\n"
           "全市一般公共预算收入预计135亿元，支出安排272.8亿元，一般性支出压减5%以上。\n",
           {.kind = "actual", .value = "12860000000", .year = 2024},
           {.kind = "actual", .value = "5.2", .op = "="},
           {.kind = "target", .value = "13500000000", .op = "=", .year = 2025},
           {.kind = "target", .value = "27280000000", .rule = "target.budgeted"},
           {.kind = "target", .value = "-5", .op = "<="});
    /* a target and its progress in one sentence */
    EXPECT("规划提出铁路营业里程目标为6200公里，2023年底为5810公里。",
           {.indicator = "铁路营业里程", .kind = "target", .value = "6200"},
           {.indicator = "铁路营业里程", .kind = "actual", .value = "5810", .year = 2023});
    /* a title that reports one year and sets out the next: the next year's figures are planned,
     * the reported year's reached */
    EXPECT("某县2025年经济社会发展成绩单出炉 2026年主要目标任务明确\n"
           "2025年，全县地区生产总值增长6.4%。\n（一）做强工业。2026年实施亿元以上工业项目45个。",
           {.kind = "actual", .value = "6.4", .year = 2025},
           {.kind = "target", .value = "45", .year = 2026});
    /* a review whose title names its year without 年 (数说2025): the next year's part, which a
     * line of its year heads, is planned */
    EXPECT("数说2025｜这一年，某县交出成绩单\n一、经济发展\n全年全县地区生产总值增长6.8%。\n\n"
           "2026年，我们这样干\n\n地区生产总值增长6.5%左右。\n",
           {.kind = "actual", .value = "6.8", .year = 2025},
           {.kind = "target", .value = "6.5", .year = 2026});
    /* each item of a feed is dated by its own RFC 822 date */
    EXPECT("政务动态\nTue, 24 Feb 2026 16:40:00 +0800\n全市共安排重点项目186个。\n"
           "Mon, 15 Dec 2025 16:20:00 +0800\n1—11月，规模以上工业增加值同比增长7.3%。\n",
           {.value = "186", .year = 2026}, {.value = "7.3", .year = 2025, .kind = "actual"});
    /* an attribute of a facility (已建) is no cue that it was reached */
    EXPECT(
        "工作方案\n到2026年底，已建污水处理设施正常运行率不低于90%，生活垃圾分类试点村达到60个。",
        {.kind = "target", .value = "90"}, {.kind = "target", .value = "60"});
    /* 目前 inside 项目前期 is no time */
    EXPECT("工作要点\n统筹安排重大项目前期工作经费8000万元。", {.kind = "target"});
    /* the level now that a target multiplies reports nothing */
    EXPECT("录播教室数量提高到现有的1.5倍。", {.indicator = "录播教室数量",
                                               .kind = "target",
                                               .op = ">=",
                                               .value = "1.5",
                                               .unit = "倍",
                                               .rule = "target.multiple"});
}

static void test_years_and_deadlines(void **state)
{
    (void)state;
    /* a section whose heading names its year against the document's wins over the preamble's
     * year; one that names a base year before the title's does not */
    EXPECT("在全县经济工作会议上的讲话\n发布时间：2025-12-29\n会议总结二〇二五年经济工作，部署明年"
           "工作。\n一、全面总结二〇二五年工作\n预计全年实现地区生产总值246亿元。\n"
           "二、全力以赴抓好明年经济工作\n明年要重点抓好六个方面的工作。\n第一，抓产业。全年新引进"
           "亿元以上项目35个以上。",
           {.value = "24600000000", .kind = "actual", .year = 2025},
           {.value = "35", .kind = "target", .year = 2026});
    EXPECT("市卫生局2024年度施政计划\n壹、施政重点\n一、强化长期照顾服务\n"
           "（一）长照服务涵盖率由2023年的68.5%提升至75%以上。",
           {.value = "75", .from = "68.5", .year = 2024});
    /* a task's labelled deadline dates a figure that has only its passage's year */
    EXPECT(
        "工业绿色发展实施方案（2026—2028年）\n一、主要目标\n到2028年，全省工业固废综合利用率达到"
        "60%。\n二、主要任务\n（一）推进资源综合利用。建成大宗固废综合利用示范基地8个。牵头单位："
        "省工业和信息化厅。完成时限：2027年底前。",
        {.value = "60", .year = 2028}, {.value = "8", .year = 2027, .deadline = "2027年底前"});
    /* a plan period in the preamble of a plan whose title names its own years governs nothing;
     * in a text whose title names none, it governs what follows */
    EXPECT("交通运输三年行动方案（2025—2027年）\n为“十五五”时期发展打好基础，制定本方案。\n"
           "农产品网络零售额达到1.2亿元。",
           {.year = 2027});
    /* a title that names two years: its targets are for the later; a line that titles a
     * document of its own dates what follows it, whatever section it is in */
    EXPECT("某县教育局2023年工作总结及2024年工作要点\n一、主要目标\n学前三年毛入园率达到92%以上。",
           {.year = 2024});
    EXPECT(
        "某县教育局2023年工作总结\n2023年，全县教育事业稳中有进。\n一、工作成效\n新建幼儿园3所。\n"
        "二、下一步打算\n具体安排见附件。\n附：\n某县教育局2024年工作要点\n一、主要目标\n"
        "学前三年毛入园率达到92%以上。",
        {.value = "3", .year = 2023}, {.value = "92", .year = 2024});
    EXPECT("我省印发全民健身实施计划\n《计划》明确了“十四五”时期全民健身工作的目标。\n"
           "人均体育场地面积达到2.6平方米。",
           {.year = 2025});
    /* a year before the first the title names reports what was reached, and dates no target
     * after it; a year looked back to (截至) dates no target; a plan's reported figure with no
     * year is of the year before the plan's first */
    /* a year that opens a figure's clause governs the sections under it; a deadline there is
     * the figure's own */
    EXPECT("村庄规划（2021—2035年）\n四、近期建设项目\n规划近期（2021—2025年）共安排建设项目7个。\n"
           "（一）产业发展项目。新建茶叶初加工厂，投资280万元。\n",
           {.value = "7", .year = 2025}, {.value = "2800000", .year = 2025});
    EXPECT("某县2024—2026年行动方案\n一、目标\n2025年底前培训合格不少于30人。乡镇卫生院中级"
           "职称人员占比达到30%。",
           {.value = "30", .year = 2025}, {.value = "30", .unit = "%", .year = 2026});
    /* 今年, 明年 and 去年 against the year the title writes out (its latest), else the page's
     * date; not after 比 (a base of comparison) */
    EXPECT("2025年经济运行情况暨2026年经济工作重点\n去年全省地区生产总值增长5.2%。"
           "今年将安排省级重点项目1200个。",
           {.value = "5.2", .kind = "actual", .year = 2025},
           {.value = "1200", .kind = "target", .year = 2026});
    EXPECT("工作动态\n发布时间：2025-11-03 来源：县融媒体中心\n今年以来，新增就业12680人。明年，"
           "该县将完成45个行政村生活污水治理。全县工业增加值比去年增长8%。",
           {.value = "12680", .year = 2025}, {.value = "45", .kind = "target", .year = 2026},
           {.value = "8", .year = 2025});
    /* 今年 in a paragraph's lead dates its figures however far the paragraph goes, past an
     * earlier year the document names */
    EXPECT(
        "工作会议讲话\n发布时间：2026-02-14\n会议总结2025年工作。\n"
        "市政府确定今年全市工业经济的主要预期目标是：规模以上工业增加值增长7%以上，工业投资增长"
        "10%以上，其中技改投资增长15%左右；新增规上工业企业100家左右；全社会研发投入强度达到"
        "百分之三点五；高技术制造业增加值占规上工业比重再提高两个百分点；净增高新技术企业80家以上"
        "；技术合同成交额突破50亿元。",
        {.value = "7", .year = 2026}, {.value = "10", .year = 2026}, {.value = "15", .year = 2026},
        {.value = "100", .year = 2026}, {.value = "3.5", .year = 2026},
        {.indicator = "高技术制造业增加值占规上工业比重", .value = "2", .year = 2026},
        {.value = "80", .year = 2026}, {.value = "5000000000", .year = 2026});
    /* a year nearer the figure than a year mentioned earlier in its sentence: 今年 after 2025年;
     * a paragraph that opens with a year before the plan's reports, in a later sentence too */
    EXPECT("2026年工作要点\n回顾2025年，成绩来之不易，今年新增就业1.2万人以上。",
           {.value = "12000", .kind = "target", .year = 2026});
    EXPECT("某区2026年重点工作计划\n2025年，全区经济运行稳中有进。全年实现地区生产总值486.3亿元。",
           {.value = "48630000000", .kind = "actual", .year = 2025});
    /* in a release on a year's results, a figure of a later year is a target */
    EXPECT("青岚市2025年经济运行情况新闻发布会\n2025年，全市地区生产总值达到1268.4亿元。\n\n"
           "2026年，规模以上工业增加值增长7%以上。",
           {.value = "126840000000", .kind = "actual", .year = 2025},
           {.value = "7", .kind = "target", .year = 2026});
    /* a year that opens a sentence dates its parts after a semicolon, and so does a deadline of
     * that year; a deadline of another year, or with none, stays in its part */
    EXPECT("某县2025年工作要点\n2024年，全市货物进出口总额完成612.4亿元；外贸实绩企业达到1386家。",
           {.value = "61240000000", .kind = "actual", .year = 2024},
           {.value = "1386", .kind = "actual", .year = 2024});
    EXPECT("某县2024—2027年行动方案\n一、目标\n到2025年底，农村自来水普及率达到93%；到2027年，"
           "农村自来水普及率达到98%以上。8月底前新增学位1500个；大班额比例控制在3%以内。",
           {.value = "93", .year = 2025, .deadline = "2025年底"}, {.value = "98", .year = 2027},
           {.value = "1500", .deadline = "8月底前"}, {.value = "3"});
    EXPECT("临溪县2026年卫生健康工作要点\n2025年，全县县域内就诊率达到88.3%。\n"
           "一、主要目标\n县域内就诊率达到90%以上。",
           {.value = "88.3", .kind = "actual", .op = "=", .year = 2025},
           {.value = "90", .kind = "target", .year = 2026});
    EXPECT("城乡供水保障三年行动计划（2025—2027年）\n截至2024年底，农村自来水普及率为91.2%。\n"
           "规模化供水工程覆盖农村人口比例达到85%以上。",
           {.value = "91.2", .kind = "actual", .year = 2024},
           {.value = "85", .kind = "target", .year = 2027});
    EXPECT("岚州市第十五个五年规划纲要\n第一章 发展基础\n累计新增城镇就业27.3万人。",
           {.value = "273000", .kind = "actual", .year = 2025});
    EXPECT("到2022年，婴儿死亡率控制在6‰以下。", {.year = 2022});
    EXPECT("婴儿死亡率2025年控制在5‰以下。", {.indicator = "婴儿死亡率", .year = 2025});
    EXPECT("婴儿死亡率控制在5‰以下，到2025年实现全覆盖。", {.year = 2025});
    EXPECT("到2023年达到90%，到2025年达到95%。", {.year = 2023}, {.year = 2025});
    EXPECT("2022年底前，家庭医生签约服务覆盖率达到60%以上。",
           {.year = 2022, .deadline = "2022年底前"});
    EXPECT("努力争取到*年年底全区社区卫生服务覆盖率达60。",
           {.year = -1, .deadline = "*年年底", .indicator = "社区卫生服务覆盖率"});
    /* a base of comparison is no year a figure is for */
    EXPECT("去年因病返贫户较2021年减少29.3%。", {.year = -1});
    /* with no year of its own, a target of a plan takes the last year of the plan's period */
    EXPECT("XX县“十四五”卫生健康规划\n一、目标\n婴儿死亡率控制在5‰以下。", {.year = 2025});
    EXPECT("XX县“十四五”卫生健康规划\n到2023年，婴儿死亡率控制在6‰以下。", {.year = 2023});
    /* a deadline that names no year, from the figure's clause; a span is none */
    EXPECT("工作要点\n力争年内新增县级重点专科1个，三年内建成卫生院5所。",
           {.value = "1", .deadline = "年内"}, {.value = "5", .deadline = "null"});
    /* a deadline that opens the clause after the figure's, which holds no figure */
    EXPECT("工作要点\n改造城镇老旧小区32个，年内全部完工；扩大普惠托育服务供给。",
           {.value = "32", .deadline = "年内"});
    EXPECT("工作要点\n改造城镇老旧小区32个，新建公园2个，年内全部完工。",
           {.value = "32", .deadline = "null"}, {.value = "2", .deadline = "年内"});
    /* a deadline that a label gives later in the figure's line, as a task list sets each
     * item's, unless it names another year than the figure's */
    EXPECT("任务清单\n4.清淤河道42公里。（责任单位：县水利局；完成时限：5月底前）\n"
           "5.到2024年建成医共体2个。（完成时限：2025年12月底前）\n",
           {.value = "42", .deadline = "5月底前"},
           {.value = "2", .year = 2024, .deadline = "null"});
    /* a plan's milestones by quarter and half year, each its deadline; not a span (前三季度) */
    EXPECT("工作方案\n一季度完成年度投资计划的20%，上半年完成50%，三季度末完成80%。",
           {.indicator = "年度投资计划", .value = "20", .deadline = "一季度"},
           {.value = "50", .deadline = "上半年"}, {.value = "80", .deadline = "三季度末"});
    /* a plan period named as a time in the text: its last year */
    EXPECT("全民健身计划解读\n“十四五”期间，全省新建体育公园120个左右。\n\n"
           "到“十三五”末，森林覆盖率达到45%。",
           {.year = 2025, .value = "120"}, {.year = 2020, .value = "45"});
    /* a reported figure with no year takes the year its section's title names */
    EXPECT("县政府工作报告\n一、2023年工作回顾\n全县地区生产总值增长6.2%。\n"
           "二、今后工作\n一般公共预算收入增长8.1%。\n",
           {.kind = "actual", .year = 2023}, {.kind = "actual", .year = -1});
    /* a reported figure takes an earlier year of its passage, unless that year is looked
     * forward to */
    EXPECT("某县养老服务规划\n第一章 发展基础\n截至2020年底，全县共有养老机构46家。"
           "建成农村幸福院128个。\n",
           {.kind = "actual", .year = 2020}, {.kind = "actual", .year = 2020});
    EXPECT("卫生工作要点\n到2025年，婴儿死亡率控制在5‰以下。去年全市婴儿死亡率为3.1‰。\n",
           {.kind = "target", .year = 2025}, {.kind = "actual", .year = -1});
    /* years of the Republic of China's calendar: after 民国 anywhere, bare (115年) only in
     * documents written in Traditional script */
    EXPECT("民国112年全区居民健康素养水平达到28%。",
           {.indicator = "居民健康素养水平", .year = 2023});
    EXPECT("臺北市衛生局施政計畫\n到115年，長照服務涵蓋率達到80%。",
           {.indicator = "长照服务涵盖率", .year = 2026});
    EXPECT("到115年，长照服务涵盖率达到80%。", {.year = -1});
    /* a year governs the targets after it in its block of lines, not past a blank line */
    EXPECT("卫生工作要点\n到2022年的具体目标是：\n婴儿死亡率控制在6‰以下；\n\n"
           "孕产妇死亡率控制在15/10万以下。",
           {.year = 2022}, {.year = -1});
}

static void test_table_rows(void **state)
{
    (void)state;
    /* rows without the head row that names their columns */
    EXPECT("健康水平\t人均预期寿命\t岁\t77.3\t78.3\t预期性\n"
           "健康水平\t婴儿死亡率\t‰\t5.4\t<5.0\t约束性\n",
           {.indicator = "人均预期寿命",
            .unit = "岁",
            .from = "77.3",
            .value = "78.3",
            .rule = "target.table-row"},
           {.indicator = "婴儿死亡率", .unit = "‰", .from = "5.4", .value = "5", .op = "<"});
    /* a growth column before the attribute; the target in it when the 2025 cell is a dash */
    EXPECT("常住人口城镇化率（%）\t71.8\t75\t—\t预期性\n"
           "地区生产总值增长（%）\t3.6\t—\t6左右\t预期性\n",
           {.indicator = "常住人口城镇化率", .from = "71.8", .value = "75", .op = "="},
           {.indicator = "地区生产总值增长", .from = "3.6", .value = "6", .approx = 1});
    /* a target in words (控制在省下达指标以内) is no figure, and the row's reached one stands */
    EXPECT("指标\t2025年完成\t2026年目标\t属性\n"
           "森林覆盖率（%）\t41.3\t41.5\t约束性\n"
           "细颗粒物平均浓度（微克/立方米）\t31.6\t控制在省下达指标以内\t约束性\n",
           {.indicator = "森林覆盖率", .value = "41.3", .kind = "actual"},
           {.indicator = "森林覆盖率", .value = "41.5", .kind = "target"},
           {.indicator = "细颗粒物平均浓度", .value = "31.6", .kind = "actual"});
    /* an amount in a cell that writes its unit, after the cell that names it (a table with no
     * head that names its columns) */
    EXPECT(
        "项目支出绩效目标表\n资金总额\t1186.52万元\n人均补助标准\t89元/人\n",
        {.indicator = "资金总额", .value = "11865200", .unit = "元", .rule = "target.cell-value"},
        {.indicator = "人均补助标准", .value = "89", .unit = "元", .op = "="});
    /* a list of goals, each its indicator's label, a colon and its figure, after a bullet; dot
     * leaders between a label and its figure part them as cells */
    EXPECT("二、主要目标\n• 一般公共预算收入：同比增长5%以上\n▪ 固定资产投资：5亿元以上\n"
           "4. 高标准农田建设：2000亩\n森林覆盖率…………………72.5%以上\n",
           {.indicator = "一般公共预算收入", .value = "5", .op = ">=", .unit = "%"},
           {.indicator = "固定资产投资", .value = "500000000", .op = ">=", .rule = "target.label"},
           {.indicator = "高标准农田建设", .value = "2000", .unit = "亩", .op = "="},
           {.indicator = "森林覆盖率", .value = "72.5", .op = ">=", .rule = "target.cell-value"});
    /* a page's count of its readers is no figure */
    expect_none("发布时间：2026-01-26 阅读：2316次 下载：37次\n");
    /* a progress table: each row a target and the value reached (its head cut off) */
    EXPECT("内河高等级航道里程（公里） | 1150 | 1400 | 1296 | 符合序时进度\n",
           {.indicator = "内河高等级航道里程",
            .unit = "公里",
            .from = "1150",
            .value = "1400",
            .kind = "target",
            .rule = "target.progress-row-target"},
           {.indicator = "内河高等级航道里程",
            .value = "1296",
            .kind = "actual",
            .rule = "target.progress-row-reached"});
}

/* Tables whose head row names each column: kinds and years from the head, units from a column
 * or the indicator's brackets, rows that lack leading cells, and rows out of line left alone. */
static void test_tables_by_their_head(void **state)
{
    (void)state;
    /* a list of projects: each target of a row is due when its deadline column says, and the
     * figures its content column writes in words are read as a sentence's, planned and due
     * then too */
    EXPECT("2026年重点项目计划表\n"
           "序号\t项目名称\t建设内容及规模\t2026年计划投资（万元）\t责任单位\t完成时限\n"
           "1\t城南片区路网工程\t新建城市主干道3.2公里\t9800\t县住建局\t2026年11月底\n"
           "2\t白沙河综合治理工程\t—\t3600\t县水利局\t—\n",
           {.indicator = "城南片区路网工程",
            .value = "98000000",
            .unit = "元",
            .kind = "target",
            .deadline = "2026年11月底"},
           {.indicator = "白沙河综合治理工程", .value = "36000000"},
           {.indicator = "城市主干道",
            .value = "3.2",
            .unit = "公里",
            .kind = "target",
            .deadline = "2026年11月底"});
    /* a spreadsheet's export: amounts in scientific notation, shares as fractions of one, an
     * error cell where a value should be */
    EXPECT("序号\t指标名称\t单位\t2025年完成\t2026年目标\n"
           "1\t地区生产总值\t万元\t1.8642E+06\t1.976E+06\n"
           "2\t地区生产总值增长率\t%\t0.058\t0.06\n"
           "3\t固定资产投资增长率\t%\t-0.021\t0.05\n"
           "4\t研发经费投入强度\t%\t#DIV/0!\t0.02\n",
           {.indicator = "地区生产总值", .value = "18642000000", .unit = "元", .kind = "actual"},
           {.indicator = "地区生产总值", .value = "19760000000", .kind = "target"},
           {.value = "5.8", .unit = "%"}, {.value = "6", .unit = "%"},
           {.value = "-2.1", .unit = "%"}, {.value = "5", .unit = "%"},
           {.indicator = "研发经费投入强度", .value = "2", .unit = "%", .kind = "target"});
    /* a fiscal table pasted from a spreadsheet: decreases in brackets to the cent and after
     * the statistician's triangle, a category merged over its rows whose 合计 takes its name,
     * a column of shares of the budget (完成年度预算) that is no value reached */
    EXPECT("单位：万元\n"
           "类别\t项目\t1—11月累计\t比上年同期增减额\t比上年同期增减（%）\t完成年度预算（%）\n"
           "一般公共预算收入\t税收收入\t58,310.45\t(1,264.08)\t△2.1\t90.2\n"
           "\t非税收入\t28,141.92\t4,391.98\t18.5\t101.3\n"
           "\t合计\t86,452.37\t3,127.90\t3.8\t93.5\n",
           {.indicator = "税收收入", .value = "583104500", .unit = "元", .kind = "actual"},
           {.indicator = "税收收入", .value = "-12640800", .unit = "元"},
           {.indicator = "税收收入", .value = "-2.1", .unit = "%"},
           {.indicator = "非税收入", .value = "281419200"},
           {.indicator = "非税收入", .value = "43919800"},
           {.indicator = "非税收入", .value = "18.5"},
           {.indicator = "一般公共预算收入", .value = "864523700"},
           {.indicator = "一般公共预算收入", .value = "31279000"},
           {.indicator = "一般公共预算收入", .value = "3.8", .unit = "%"});
    EXPECT("领域\t指标\t单位\t2020年\t2025年\t属性\n"
           "健康水平\t人均预期寿命\t岁\t77.3\t78.3\t预期性\n"
           "婴儿死亡率\t‰\t5.4\t<5.0\t约束性\n",
           {.indicator = "人均预期寿命",
            .unit = "岁",
            .from = "77.3",
            .value = "78.3",
            .op = "=",
            .kind = "target",
            .year = 2025,
            .rule = "column.year"},
           {.indicator = "婴儿死亡率", .unit = "‰", .from = "5.4", .value = "5", .op = "<"});
    /* a target and a value reached a row, each of its column's year; an indicator that starts
     * with a numeral; a unit cell with a bracketed alternative */
    EXPECT("序号\t指标名称\t单位\t2023年完成\t2024年目标\t责任科室\n"
           "1\t5岁以下儿童死亡率\t‰\t4.2\t≤6\t妇幼健康股\n"
           "2\t新增保障性租赁住房\t万套（间）\t1.2\t3.5\t住房保障股\n",
           {.indicator = "5岁以下儿童死亡率", .value = "4.2", .kind = "actual", .year = 2023},
           {.indicator = "5岁以下儿童死亡率",
            .value = "6",
            .op = "<=",
            .unit = "‰",
            .kind = "target",
            .year = 2024,
            .rule = "column.target"},
           {.indicator = "新增保障性租赁住房", .value = "12000", .unit = "套", .kind = "actual"},
           {.indicator = "新增保障性租赁住房", .value = "35000", .unit = "套", .kind = "target"});
    /* two columns of targets of one year (a basic and a stretch target): the second's words
     * tell its records apart; a unit cell of a multiple (万元) is no amount of one 万 */
    EXPECT("序号\t考核指标\t单位\t权重（分）\t2025年实际完成\t2026年基本目标\t2026年奋斗目标\n"
           "1\t利润总额\t万元\t30\t38650\t40200\t42500\n",
           {.indicator = "利润总额",
            .value = "386500000",
            .unit = "元",
            .kind = "actual",
            .year = 2025},
           {.indicator = "利润总额", .value = "402000000", .kind = "target", .year = 2026},
           {.indicator = "利润总额（奋斗目标）",
            .value = "425000000",
            .kind = "target",
            .year = 2026});
    /* a matrix of kinds of information by counts (件数 counts 件) ends at the next table's head
     * row, whose column names no unit: its rows are not read under the first table's columns */
    EXPECT("2025年政府信息公开工作年度报告\n"
           "信息内容\t本年制发件数\t现行有效件数\n行政规范性文件\t9\t57\n第二十条第（五）项\n"
           "信息内容\t本年处理决定数量\n行政许可\t2,847\n",
           {.indicator = "行政规范性文件本年制发件数", .value = "9", .unit = "件", .year = 2025},
           {.indicator = "行政规范性文件现行有效件数", .value = "57", .unit = "件"});
    /* a statistics report's caption gives two units, its amounts' and its changes', and the
     * second row of its head the unit of its change column */
    EXPECT("单位：亿元、%\n指标\t1-10月\t同比增长\n固定资产投资\t412.36\t-3.2\n",
           {.indicator = "固定资产投资", .value = "41236000000", .unit = "元", .kind = "actual"},
           {.indicator = "固定资产投资", .value = "-3.2", .unit = "%", .rule = "column.change"});
    EXPECT("单位：亿元\n指标\t1-10月\t同比增长\n\t累计\t（%）\n固定资产投资\t412.36\t5.8\n",
           {.indicator = "固定资产投资", .value = "41236000000", .unit = "元"},
           {.indicator = "固定资产投资", .value = "5.8", .unit = "%"});
    /* a growth column holds the target of a row whose target cell is a dash */
    EXPECT("指标\t2020年\t2025年\t年均增长〔累计〕\t属性\n"
           "地区生产总值增长（%）\t3.6\t—\t6左右\t预期性\n",
           {.indicator = "地区生产总值增长",
            .unit = "%",
            .value = "6",
            .approx = 1,
            .year = 2025,
            .rule = "column.change"});
    /* merged cells of the rows above: the leading cells lack, the rest line up; a target no
     * year names takes the one governing its passage */
    EXPECT("2024年项目绩效目标\n一级指标\t二级指标\t三级指标\t指标值\n"
           "产出指标\t数量指标\t培训人数\t≥500人次\n"
           "质量指标\t考核合格率\t≥95%\n"
           "参训人员满意度\t≥90%\n",
           {.indicator = "培训人数", .value = "500", .op = ">=", .unit = "人次", .year = 2024},
           {.indicator = "考核合格率", .value = "95", .unit = "%"},
           {.indicator = "参训人员满意度", .value = "90", .op = ">="});
    /* an HTML table's spans kept as empty cells: a head cell over the years of its columns
     * (指标值 over 2025年 | 2030年), letter-spaced heads, a category merged over its rows, and
     * its total merged over the columns up to the indicator's (合计 over 序号 and 指标: the
     * group's total) */
    EXPECT("表1 主要指标\n类别\t序号\t指 标\t单 位\t指标值\t\t属性\n"
           "\t\t\t\t2025年\t2030年\n"
           "经济发展\t1\t地区生产总值\t亿元\t3268\t4350左右\t预期性\n"
           "\t2\t研发经费投入强度\t%\t2.45\t≥3.0\t预期性\n"
           "合计\t\t\t个\t12\t15\t预期性\n",
           {.indicator = "地区生产总值",
            .value = "435000000000",
            .from = "326800000000",
            .year = 2030,
            .kind = "target"},
           {.indicator = "研发经费投入强度", .value = "3", .op = ">=", .from = "2.45"},
           {.indicator = "经济发展", .value = "15", .unit = "个", .from = "12"});
    /* a row that lacks leading cells and trailing ones: the alignment that fits; a bare
     * number (a score) where no unit is given is no figure of the column */
    EXPECT("一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t偏差原因\n"
           "产出指标\t数量指标\t培训学员人数\t≥500人次\t612人次\t10\t名额增加\n"
           "质量指标\t培训考核合格率\t不低于95%\t97.3%\t10\n"
           "可持续影响指标\t培训成果持续发挥作用\t长期\t长期\t15\n"
           "总分\t100\t99.1\n",
           {.indicator = "培训学员人数", .value = "500", .op = ">=", .kind = "target"},
           {.indicator = "培训学员人数", .value = "612", .kind = "actual"},
           {.indicator = "培训考核合格率", .value = "95", .op = ">=", .unit = "%"},
           {.indicator = "培训考核合格率", .value = "97.3", .unit = "%"});
    /* a list of projects: a group's label line between its rows, a row broken inside a cell
     * over two lines, the unit of two columns in their heads; what the content column says
     * each project builds is read after the rows */
    EXPECT("序号\t项目名称\t建设内容\t总投资（亿元）\t2026年计划投资（亿元）\t责任单位\n"
           "一、产业项目（15个）\n"
           "1\t电池材料产业园项目\t新建厂房12万平方米\t28.5\t9.2\t县工信局\n"
           "2\t文旅康养综合体项目\t建设康养中心，\n总建筑面积9.6万平方米\t15.2\t3.6\t县文旅局\n",
           {.indicator = "电池材料产业园项目", .value = "2850000000", .unit = "元"},
           {.indicator = "电池材料产业园项目", .value = "920000000", .year = 2026},
           {.indicator = "文旅康养综合体项目", .value = "1520000000"},
           {.indicator = "文旅康养综合体项目", .value = "360000000", .year = 2026},
           {.indicator = "厂房", .value = "120000", .unit = "平方米", .kind = "target"},
           {.indicator = "总建筑面积", .value = "96000", .unit = "平方米", .kind = "target"});
    /* a statistics release's table: no column of targets, so its growth column reports too;
     * the growth column's unit is in its head cell */
    EXPECT("2025年1—10月全市经济运行情况\n指标\t单位\t1-10月\t同比增长(%)\n"
           "社会消费品零售总额\t亿元\t1234.5\t4.6\n"
           "固定资产投资\t%\t—\t-2.3\n",
           {.indicator = "社会消费品零售总额",
            .value = "123450000000",
            .unit = "元",
            .kind = "actual",
            .year = 2025,
            .rule = "column.reached"},
           {.indicator = "社会消费品零售总额", .value = "4.6", .unit = "%", .kind = "actual"},
           {.indicator = "固定资产投资", .value = "-2.3", .unit = "%", .kind = "actual"});
    /* years alone are each a milestone target of their year, measured from the base column;
     * units in Latin letters, 万 applied */
    EXPECT("指标\t单位\t2025年（基期）\t2026年\t2027年\n"
           "可再生能源发电装机\t万kW\t286\t322\t365\n"
           "细颗粒物（PM2.5）年均浓度\tμg/m³\t34\t≤33\t≤31\n",
           {.indicator = "可再生能源发电装机",
            .value = "3220000",
            .unit = "kW",
            .from = "2860000",
            .kind = "target",
            .year = 2026},
           {.indicator = "可再生能源发电装机", .value = "3650000", .year = 2027},
           {.indicator = "细颗粒物（PM2.5）年均浓度", .value = "33", .op = "<=", .unit = "μg/m³"},
           {.indicator = "细颗粒物（PM2.5）年均浓度", .value = "31", .year = 2027});
    /* a year alone before a column of targets is their base */
    EXPECT("指标\t单位\t2025年\t2026年目标\n新增市场主体\t户\t186\t≥200\n",
           {.indicator = "新增市场主体", .value = "200", .op = ">=", .from = "186", .year = 2026});
    /* a project's progress cell gives the share done, a value reached */
    EXPECT("序号\t项目名称\t年度计划投资（万元）\t已完成投资（万元）\t形象进度\n"
           "1\t农村户厕改造\t96\t67.2\t入户施工中，完成70%\n",
           {.indicator = "农村户厕改造", .value = "960000", .kind = "target"},
           {.indicator = "农村户厕改造", .value = "672000", .kind = "actual"},
           {.indicator = "农村户厕改造", .value = "70", .unit = "%", .kind = "actual"});
    /* a head in two rows: the year cells merged over 目标 | 完成 give each its year; a unit cell
     * merged over rows whose names end alike, or over a total, is theirs, and a total takes
     * the name of its group's row; an unlike row without a unit has none (a table pasted as
     * CSV: empty cells kept) */
    EXPECT(
        "序号,指标名称,单位,2025年,,2026年\n"
        ",,,目标,完成,目标\n"
        "二,职业技能培训,,,,\n"
        "5,企业职工岗位技能提升培训,人次,18000,19870,18500\n"
        "6,就业技能培训,,20000,21530,20500\n"
        ",合计,,38000,41400,39000\n"
        "7,农田灌溉水有效利用系数,,0.565,0.57,0.58\n",
        {.indicator = "企业职工岗位技能提升培训", .value = "18000", .kind = "target", .year = 2025},
        {.indicator = "企业职工岗位技能提升培训", .value = "19870", .kind = "actual", .year = 2025},
        {.indicator = "企业职工岗位技能提升培训", .value = "18500", .kind = "target", .year = 2026},
        {.indicator = "就业技能培训", .value = "20000", .unit = "人次", .year = 2025},
        {.indicator = "就业技能培训", .value = "21530", .unit = "人次", .kind = "actual"},
        {.indicator = "就业技能培训", .value = "20500", .unit = "人次", .year = 2026},
        {.indicator = "职业技能培训", .value = "38000", .unit = "人次", .year = 2025},
        {.indicator = "职业技能培训", .value = "41400", .unit = "人次", .kind = "actual"},
        {.indicator = "职业技能培训", .value = "39000", .unit = "人次", .year = 2026});
    /* a row out of line with its head (a figure where the indicator should be) is left to the
     * row rules */
    EXPECT("类别\t指标\t2020年\t2025年\t年均增长\n"
           "常住人口城镇化率（%）\t71.8\t75\t—\t预期性\n",
           {.indicator = "常住人口城镇化率", .value = "75", .rule = "target.table-row"});
}

/* Sections: the record names the innermost one, and a year governs only its own section. */
/* A table set as cards of KEY：VALUE lines, one card a row; a table whose unit is on a line of
 * its own above its head (单位：万元), with a budget's 执行数 as values reached and 完成预算% as
 * no column of figures. */
static void test_cards_and_captions(void **state)
{
    (void)state;
    EXPECT("宁川县卫生健康局2025年度部门整体支出绩效自评报告\n"
           "一级指标：产出指标\n三级指标：培训基层卫生人员人次\n年度指标值：≥1200人次\n"
           "实际完成值：1356人次\n分值：8 得分：8\n查看详情 >\n"
           "一级指标：产出指标\n三级指标：重点人群家庭医生签约人数\n年度指标值：\n≥4.2万人\n"
           "实际完成值：4.53万人\n",
           {.indicator = "培训基层卫生人员人次",
            .op = ">=",
            .value = "1200",
            .kind = "target",
            .year = 2025},
           {.indicator = "培训基层卫生人员人次", .value = "1356", .kind = "actual"},
           {.indicator = "重点人群家庭医生签约人数", .value = "42000", .unit = "人"},
           {.indicator = "重点人群家庭医生签约人数", .value = "45300", .kind = "actual"});
    /* a matrix: places in rows, indicators in columns; a row of totals gives the columns' own */
    EXPECT("关于下达2026年度乡村振兴重点工作目标任务的通知\n"
           "序号\t乡镇\t高标准农田建设（亩）\t农村户厕改造（户）\n"
           "1\t城关镇\t1,800\t260\n合计\t32,000\t3100\n",
           {.indicator = "城关镇高标准农田建设",
            .value = "1800",
            .unit = "亩",
            .kind = "target",
            .year = 2026},
           {.indicator = "城关镇农村户厕改造", .value = "260", .unit = "户"},
           {.indicator = "高标准农田建设", .value = "32000"},
           {.indicator = "农村户厕改造", .value = "3100"});
    /* a matrix whose places are units (单位 first), a column with its unit in its head and
     * columns whose cells write their own; a rank, a bare number, is no figure */
    EXPECT("2025年10月12345热线运行情况通报\n"
           "单位\t受理量（件）\t满意率\t排名\n"
           "市住建局\t6218\t90.2%\t5\n",
           {.indicator = "市住建局受理量", .value = "6218", .unit = "件", .kind = "actual"},
           {.indicator = "市住建局满意率", .value = "90.2", .unit = "%", .year = 2025});
    EXPECT("榆川县2025年预算执行情况和2026年预算草案\n单位：万元\n"
           "项目\t2025年预算数\t2025年执行数\t完成预算%\t2026年预算数\n"
           "税收收入\t66500\t67218\t101.1\t70400\n",
           {.indicator = "税收收入",
            .value = "672180000",
            .unit = "元",
            .kind = "actual",
            .year = 2025},
           {.indicator = "税收收入", .value = "704000000", .kind = "target", .year = 2026});
}

static void test_sections(void **state)
{
    (void)state;
    const char *text =
        "一、目标\n到2022年，婴儿死亡率控制在6‰以下。\n二、措施\n孕产妇死亡率控制在15/10万以下。";
    zhx_doc *doc = run_doc(shipped_rules(), NULL, text, strlen(text), false);
    size_t len;
    const char *t = zhx_doc_text(doc, &len);
    const char *two = strstr(t, "二、");
    zhx_section *a = zhx_doc_add_section(doc), *b = zhx_doc_add_section(doc);
    assert_non_null(a);
    assert_non_null(b);
    *a = (zhx_section){.lo = 0, .hi = (uint32_t)(two - t), .parent = -1, .level = 1};
    *b = (zhx_section){.lo = (uint32_t)(two - t), .hi = (uint32_t)len, .parent = -1, .level = 1};
    zhx_diag diag;
    zhx_options o = test_options();
    zhx_engine *engine = zhx_engine_new(shipped_rules(), &o, &diag);
    zhx_stage st = {engine, doc, 0, NULL};
    assert_int_equal(zhx_targets(&st, t, len), ZHX_OK);
    assert_int_equal(doc->ntargets, 2);
    assert_int_equal(doc->targets[0].section, 0);
    assert_int_equal(doc->targets[0].year, 2022);
    assert_int_equal(doc->targets[1].section, 1);
    assert_int_equal(doc->targets[1].year, 0);
    zhx_engine_free(engine);
    zhx_doc_free(doc);
}

/* The text and literal a record quotes, and its spans, are what the source says. */
static void test_text_and_literal(void **state)
{
    (void)state;
    const char *text =
        "具体目标是:3、孕产妇保健系统管理率到达95%以上,儿童保健系统管理率到达90%以上;";
    zhx_doc *doc = extract(text);
    assert_int_equal(doc->ntargets, 2);
    const zhx_target *t = &doc->targets[0];
    assert_string_equal(t->literal, "95%以上");
    const char *norm = zhx_doc_text(doc, NULL);
    char quoted[256];
    snprintf(quoted, sizeof quoted, "%.*s", (int)(t->hi - t->lo), norm + t->lo);
    assert_string_equal(quoted, "3、孕产妇保健系统管理率到达95%以上");
    t = &doc->targets[1];
    snprintf(quoted, sizeof quoted, "%.*s", (int)(t->hi - t->lo), norm + t->lo);
    assert_string_equal(quoted, "儿童保健系统管理率到达90%以上");
    zhx_doc_free(doc);
    /* an indicator after its count: the text is the figure's clause, not the figures' before */
    doc = extract("完成年度投资180亿元，确保城东污水处理厂二期等12个项目年内建成投用。");
    assert_int_equal(doc->ntargets, 2);
    t = &doc->targets[1];
    norm = zhx_doc_text(doc, NULL);
    snprintf(quoted, sizeof quoted, "%.*s", (int)(t->hi - t->lo), norm + t->lo);
    assert_string_equal(quoted, "确保城东污水处理厂二期等12个项目");
    zhx_doc_free(doc);
}

/* Every `needs` word of a target rule is written in its pattern too (the lookbehind the
 * examples test): a word only in `needs` would dispatch to a pattern that cannot match. */
static void test_needs_are_in_patterns(void **state)
{
    (void)state;
    size_t n;
    const zhx_rule *const *rules = zhx_rules_of_kind(shipped_rules(), "target", &n);
    assert_true(n > 0);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < rules[i]->nneeds; k++) {
            const char *word = rules[i]->needs[k];
            /* a tab is written \t in both, a blank \x20, a mark of the syntax escaped (同比\+) */
            char written[128], *w = written;
            for (const char *c = word; *c && w < written + sizeof written - 5; c++)
                w += *c == '\t'                   ? sprintf(w, "\\t")
                     : *c == ' '                  ? sprintf(w, "\\x20")
                     : strchr("+*?.()[]{}^$", *c) ? sprintf(w, "\\%c", *c)
                                                  : (*w = *c, 1);
            *w = '\0';
            if (!strstr(rules[i]->pattern, written))
                fail_msg("rule %s: needs word \"%s\" is not in its pattern", rules[i]->name, word);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_comparisons),
        cmocka_unit_test(test_rates_ratios_and_units),
        cmocka_unit_test(test_chinese_numerals_and_ranges),
        cmocka_unit_test(test_counts_as_they_are),
        cmocka_unit_test(test_approximate),
        cmocka_unit_test(test_placeholders),
        cmocka_unit_test(test_not_figures),
        cmocka_unit_test(test_coordination),
        cmocka_unit_test(test_respectively),
        cmocka_unit_test(test_action_object_counts),
        cmocka_unit_test(test_parts_and_qualifiers),
        cmocka_unit_test(test_changes),
        cmocka_unit_test(test_kind),
        cmocka_unit_test(test_years_and_deadlines),
        cmocka_unit_test(test_table_rows),
        cmocka_unit_test(test_tables_by_their_head),
        cmocka_unit_test(test_cards_and_captions),
        cmocka_unit_test(test_sections),
        cmocka_unit_test(test_text_and_literal),
        cmocka_unit_test(test_needs_are_in_patterns),
    };
    return run_group(tests);
}
