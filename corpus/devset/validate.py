# Checks the dev set: python3 corpus/devset/validate.py
import json,collections,sys
import os
D=os.path.dirname(os.path.abspath(__file__))+'/'
G={"graduate","youth_unemployed","migrant_worker","hard_to_employ","disabled","zero_employment_family","poverty_alleviated","veteran","older_worker","long_term_unemployed"}
K={"full_time","part_time","gig","internship","public_welfare"}
jobs={}
for i,l in enumerate(open(D+'jobs.jsonl'),1):
    j=json.loads(l); jobs[j['id']]=j
assert len(jobs)==300
people={}
strf={'id','education','major','summary'}
allowed={'id','groups','education','major','graduation_year','skills','certificates','experience','summary','desired','home','max_commute_km','needs'}
bad=0
for i,l in enumerate(open(D+'people.jsonl'),1):
    p=json.loads(l)
    assert set(p)<=allowed,(i,set(p)-allowed)
    assert isinstance(p['id'],str) and p['id'] not in people
    for f in strf&set(p): assert isinstance(p[f],str)
    assert set(p.get('groups',[]))<=G,(i,p['groups'])
    for f in ('skills','certificates'): assert all(isinstance(x,str) for x in p.get(f,[]))
    if 'graduation_year' in p: assert isinstance(p['graduation_year'],int)
    for e in p.get('experience',[]):
        assert set(e)<={'title','employer','years','description'} and isinstance(e.get('years',0),(int,float))
    d=p.get('desired',{})
    assert set(d)<={'titles','regions','salary_min','kinds'},d
    assert set(d.get('kinds',[]))<=K
    h=p.get('home',{}); assert set(h)<={'region','adcode','lat','lon'}
    if 'adcode' in h: assert any(j['location'].get('adcode')==h['adcode'] for j in jobs.values()),h
    if 'max_commute_km' in p: assert isinstance(p['max_commute_km'],(int,float))
    assert set(p.get('needs',{}))<={'accessible','flexible_hours','accommodation'}
    assert all(isinstance(v,bool) for v in p.get('needs',{}).values())
    txt=json.dumps(p,ensure_ascii=False)
    for w in ['男','女','民族','汉族','宗教','户籍','戶籍','户口']: assert w not in txt,(p['id'],w)
    people[p['id']]=p
seen=set(); grades=collections.Counter(); per=collections.defaultdict(list)
for i,l in enumerate(open(D+'judgments.tsv'),1):
    c,j,g=l.rstrip('\n').split('\t')
    assert c in people,(i,c); assert j in jobs,(i,j); assert g in '0123',(i,g)
    assert (c,j) not in seen,(i,c,j); seen.add((c,j))
    g=int(g); grades[g]+=1; per[c].append((j,g))
    vu=jobs[j].get('valid_until')
    if vu and vu<'2026-11-21': assert g==0,(i,c,j,vu)
print('people',len(people),'judgments',sum(grades.values()),dict(sorted(grades.items())))
gc=collections.Counter(g for p in people.values() for g in p.get('groups',[]))
print('groups',dict(gc))
print('no judgment:',[c for c in people if c not in per])
print('no >=2:',[c for c in people if not any(g>=2 for _,g in per[c])])
print('no >=1:',[c for c in people if not any(g>=1 for _,g in per[c])])
import statistics
print('graded>=1 per person: min %d median %s max %d'%(min(sum(g>=1 for _,g in per[c]) for c in people),statistics.median(sum(g>=1 for _,g in per[c]) for c in people),max(sum(g>=1 for _,g in per[c]) for c in people)))
trad=[c for c,p in people.items() if any(ch in json.dumps(p,ensure_ascii=False) for ch in '會歲區縣學個這們職')]
print('traditional',len(trad),trad)
