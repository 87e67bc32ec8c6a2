(function(){
  'use strict';
  var doc=document;
  function all(sel,root){return Array.prototype.slice.call((root||doc).querySelectorAll(sel));}
  function before(x,y){return !!(x.compareDocumentPosition(y)&Node.DOCUMENT_POSITION_FOLLOWING);}

  // Pair details: each waits as a JSON string in a data block (script element pd-N) and is
  // put into its section when it is opened (near the viewport, linked to, or reached with a key).
  // Its texts are references (NUL N:start:end NUL) into one copy of each document (data block doc-N),
  // sliced by code point and escaped here as the renderer escapes (provenance/report/escape.py).
  var texts={};
  var CONTROL=/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u{d800}-\u{dfff}]/gu;
  var ENTITY={'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#x27;'};
  function esc(s){
    return s.replace(CONTROL,function(c){
      var code=c.codePointAt(0), h=code.toString(16);
      return code<256?'\\x'+(h.length<2?'0'+h:h):'\\u'+h;
    })
      .replace(/[&<>"']/g,function(c){return ENTITY[c];});
  }
  function text(ref){
    if(!texts.hasOwnProperty(ref)){
      var el=doc.getElementById('doc-'+ref);
      texts[ref]=el?Array.from(JSON.parse(el.textContent)):[];
    }
    return texts[ref];
  }
  function build(markup){
    var parts=markup.split('\u0000');
    for(var i=1;i<parts.length;i+=2){
      var r=parts[i].split(':');
      parts[i]=esc(text(r[0]).slice(+r[1],+r[2]).join(''));
    }
    return parts.join('');
  }
  function open(section){
    if(!section||section.hasAttribute('data-open')){return;}
    section.setAttribute('data-open','');
    var blob=doc.getElementById('pd-'+section.getAttribute('data-n'));
    var slot=section.querySelector('.detail');
    if(blob&&slot){slot.innerHTML=build(JSON.parse(blob.textContent));}
  }
  // Sections and their stores follow this script in the page: they are taken up once parsed.
  var sections=[];
  function shown(){return sections.filter(function(s){return !s.hidden;});}
  function sectionOf(el){return el&&el.closest?el.closest('section.pair'):null;}
  function reveal(){
    var id;
    try{id=decodeURIComponent(location.hash.slice(1));}catch(e){return;}  // an address of bad %-escapes
    if(!id){return;}
    var m=/^(pair-\d+)/.exec(id), section=m&&doc.getElementById(m[1]);
    if(section&&!section.hasAttribute('data-open')){
      open(section);
      var target=doc.getElementById(id);
      if(target){target.scrollIntoView();}
    }
  }
  function details(){
    sections=all('section.pair');
    filter();
    shown().slice(0,3).forEach(open);
    reveal();
    window.addEventListener('hashchange',reveal);
    if('IntersectionObserver' in window){
      var seen=new IntersectionObserver(function(entries){
        entries.forEach(function(e){if(e.isIntersecting){open(e.target);seen.unobserve(e.target);}});
      },{rootMargin:'800px 0px'});
      sections.forEach(function(s){if(!s.hasAttribute('data-open')){seen.observe(s);}});
    }
    doc.documentElement.setAttribute('data-details',String(Math.round(performance.now())));
  }

  // The pair index: sort, filter, search, group by cluster.
  var table=doc.getElementById('pairs');
  var rows=table?all('tr.p',table):[];
  var flat=doc.getElementById('flat');
  var sortKey='n', sortDir=1;
  var numeric={n:true,share:true,sev:true};
  function key(row,k){var v=row.getAttribute('data-'+k)||'';return numeric[k]?parseFloat(v)||0:v;}
  function compare(a,b){
    var x=key(a,sortKey), y=key(b,sortKey);
    if(x<y){return -sortDir;} if(x>y){return sortDir;}
    return key(a,'n')-key(b,'n');
  }
  function grouped(){var g=doc.getElementById('group');return !g||g.checked;}
  function place(){
    var sorted=rows.slice().sort(compare);
    if(grouped()){
      flat.hidden=true;
      sorted.forEach(function(r){doc.getElementById(r.getAttribute('data-group')).appendChild(r);});
    }else{
      flat.hidden=false;
      sorted.forEach(function(r){flat.appendChild(r);});
    }
    all('th[data-sort]',table).forEach(function(th){
      if(th.getAttribute('data-sort')===sortKey){th.setAttribute('aria-sort',sortDir>0?'ascending':'descending');}
      else{th.removeAttribute('aria-sort');}
    });
    var sel=doc.getElementById('sort');
    if(sel){sel.value=sortKey+(sortDir>0?':asc':':desc');}
    filter();
  }
  function value(id){var el=doc.getElementById(id);return el?el.value:'';}
  function filter(){
    if(!table){return;}
    var rel=value('f-rel'), kind=value('f-kind'), sev=value('f-sev');
    var q=value('q').trim().toLowerCase(), count=0;
    rows.forEach(function(r){
      var ok=(!rel||r.getAttribute('data-rel')===rel)&&
        (!kind||(' '+r.getAttribute('data-kinds')+' ').indexOf(' '+kind+' ')>=0)&&
        (!sev||(' '+r.getAttribute('data-sevs')+' ').indexOf(' '+sev+' ')>=0)&&
        (!q||r.getAttribute('data-q').indexOf(q)>=0);
      r.hidden=!ok;
      var s=doc.getElementById('pair-'+r.getAttribute('data-n'));
      if(s){s.hidden=!ok;}
      if(ok){count++;}
    });
    var group=grouped();
    all('tbody.cluster',table).forEach(function(tb){tb.hidden=!group||!tb.querySelector('tr.p:not([hidden])');});
    var status=doc.getElementById('shown');
    if(status){status.textContent=count+' of '+rows.length+' pair(s) shown';}
  }
  if(table){
    all('th[data-sort] button',table).forEach(function(b){
      b.addEventListener('click',function(){
        var k=b.parentNode.getAttribute('data-sort');
        sortDir=(k===sortKey)?-sortDir:(numeric[k]&&k!=='n'?-1:1);
        sortKey=k;place();
      });
    });
    var sel=doc.getElementById('sort');
    if(sel){sel.addEventListener('change',function(){
      var p=sel.value.split(':');sortKey=p[0];sortDir=p[1]==='desc'?-1:1;place();
    });}
    ['f-rel','f-kind','f-sev'].forEach(function(id){var el=doc.getElementById(id);if(el){el.addEventListener('change',filter);}});
    var g=doc.getElementById('group');if(g){g.addEventListener('change',place);}
    var q=doc.getElementById('q');if(q){q.addEventListener('input',filter);}
    filter();
  }

  // Keys: j/k next/previous change, n/p next/previous pair, / the search box.
  function go(el){el.focus({preventScroll:true});el.scrollIntoView({block:'center'});}
  function step(dir){
    var list=shown(), current=sectionOf(doc.activeElement), i=list.indexOf(current);
    var next=list[Math.max(0,Math.min(list.length-1,i<0?(dir>0?0:list.length-1):i+dir))];
    if(next){open(next);go(next);}
  }
  function mark(dir){
    var here=doc.activeElement, marks=all('section.pair:not([hidden]) mark.chg'), i=marks.indexOf(here);
    if(i<0){
      // From the focused pair (or the top), the first change after it.
      var from=sectionOf(here);
      i=dir>0?-1:marks.length;
      if(from){for(var k=0;k<marks.length;k++){if(before(from,marks[k])){i=k-(dir>0?1:0);break;}}}
    }
    var t=i+dir;
    if(t>=0&&t<marks.length){go(marks[t]);return;}
    if(dir<0){return;}
    var after=shown().filter(function(s){return !s.hasAttribute('data-open')&&(!here||here===doc.body||before(here,s));});
    for(var n=0;n<after.length;n++){
      open(after[n]);
      var found=after[n].querySelector('mark.chg');
      if(found){go(found);return;}
    }
  }
  doc.addEventListener('keydown',function(e){
    if(e.ctrlKey||e.metaKey||e.altKey){return;}
    var t=e.target&&e.target.tagName;
    if(t==='INPUT'||t==='TEXTAREA'||t==='SELECT'){return;}
    if(e.key==='j'){mark(1);}
    else if(e.key==='k'){mark(-1);}
    else if(e.key==='n'){step(1);}
    else if(e.key==='p'){step(-1);}
    else if(e.key==='/'){var q=doc.getElementById('q');if(q){e.preventDefault();q.focus();}}
  });
  // When the index began to answer (ms since navigation): what benchmarks/bench_html.py reports.
  doc.documentElement.setAttribute('data-ready',String(Math.round(performance.now())));
  if(doc.readyState==='loading'){doc.addEventListener('DOMContentLoaded',details);}else{details();}
})();
