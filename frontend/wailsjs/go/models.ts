export namespace chat {
	
	export class Timings {
	    retrieval_ms: number;
	    first_token_ms?: number;
	    total_ms: number;
	
	    static createFrom(source: any = {}) {
	        return new Timings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.retrieval_ms = source["retrieval_ms"];
	        this.first_token_ms = source["first_token_ms"];
	        this.total_ms = source["total_ms"];
	    }
	}
	export class Citation {
	    n: number;
	    chunk_id: number;
	    title: string;
	    section: string;
	    url: string;
	    snippet: string;
	    fetched_at?: string;
	    score: number;
	
	    static createFrom(source: any = {}) {
	        return new Citation(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.n = source["n"];
	        this.chunk_id = source["chunk_id"];
	        this.title = source["title"];
	        this.section = source["section"];
	        this.url = source["url"];
	        this.snippet = source["snippet"];
	        this.fetched_at = source["fetched_at"];
	        this.score = source["score"];
	    }
	}
	export class Answer {
	    session_id: string;
	    question_id: number;
	    message_id: number;
	    kind: string;
	    text: string;
	    citations: Citation[];
	    model?: string;
	    status: string;
	    mode: string;
	    note?: string;
	    cached: boolean;
	    timing: Timings;
	
	    static createFrom(source: any = {}) {
	        return new Answer(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.session_id = source["session_id"];
	        this.question_id = source["question_id"];
	        this.message_id = source["message_id"];
	        this.kind = source["kind"];
	        this.text = source["text"];
	        this.citations = this.convertValues(source["citations"], Citation);
	        this.model = source["model"];
	        this.status = source["status"];
	        this.mode = source["mode"];
	        this.note = source["note"];
	        this.cached = source["cached"];
	        this.timing = this.convertValues(source["timing"], Timings);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Message {
	    id: number;
	    role: string;
	    content: string;
	    kind: string;
	    status: string;
	    model?: string;
	    citations: Citation[];
	    created_at: string;
	
	    static createFrom(source: any = {}) {
	        return new Message(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.role = source["role"];
	        this.content = source["content"];
	        this.kind = source["kind"];
	        this.status = source["status"];
	        this.model = source["model"];
	        this.citations = this.convertValues(source["citations"], Citation);
	        this.created_at = source["created_at"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Conversation {
	    id: string;
	    title: string;
	    created_at: string;
	    updated_at: string;
	    messages: number;
	    history: Message[];
	
	    static createFrom(source: any = {}) {
	        return new Conversation(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.created_at = source["created_at"];
	        this.updated_at = source["updated_at"];
	        this.messages = source["messages"];
	        this.history = this.convertValues(source["history"], Message);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Options {
	    temperature?: number;
	    max_tokens?: number;
	    context_length?: number;
	    top_p?: number;
	
	    static createFrom(source: any = {}) {
	        return new Options(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.temperature = source["temperature"];
	        this.max_tokens = source["max_tokens"];
	        this.context_length = source["context_length"];
	        this.top_p = source["top_p"];
	    }
	}
	export class Request {
	    session_id?: string;
	    question: string;
	    max_sources?: number;
	    model?: string;
	    options?: Options;
	    no_cache?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Request(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.session_id = source["session_id"];
	        this.question = source["question"];
	        this.max_sources = source["max_sources"];
	        this.model = source["model"];
	        this.options = this.convertValues(source["options"], Options);
	        this.no_cache = source["no_cache"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace desktop {
	
	export class Exported {
	    filename: string;
	    content: string;
	
	    static createFrom(source: any = {}) {
	        return new Exported(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.filename = source["filename"];
	        this.content = source["content"];
	    }
	}

}

export namespace ingest {
	
	export class Problem {
	    url: string;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new Problem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.url = source["url"];
	        this.reason = source["reason"];
	    }
	}
	export class Progress {
	    Done: number;
	    Total: number;
	    Chunks: number;
	    Errors: number;
	    URL: string;
	
	    static createFrom(source: any = {}) {
	        return new Progress(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.Done = source["Done"];
	        this.Total = source["Total"];
	        this.Chunks = source["Chunks"];
	        this.Errors = source["Errors"];
	        this.URL = source["URL"];
	    }
	}
	export class Report {
	    added: number;
	    updated: number;
	    unchanged: number;
	    removed: number;
	    failed: Problem[];
	    skipped: Problem[];
	    chunks: number;
	    truncated: boolean;
	    duration: number;
	
	    static createFrom(source: any = {}) {
	        return new Report(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.added = source["added"];
	        this.updated = source["updated"];
	        this.unchanged = source["unchanged"];
	        this.removed = source["removed"];
	        this.failed = this.convertValues(source["failed"], Problem);
	        this.skipped = this.convertValues(source["skipped"], Problem);
	        this.chunks = source["chunks"];
	        this.truncated = source["truncated"];
	        this.duration = source["duration"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SourceRequest {
	    kind: string;
	    location: string;
	    prefix?: string;
	    max_depth?: number;
	    max_pages?: number;
	
	    static createFrom(source: any = {}) {
	        return new SourceRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.location = source["location"];
	        this.prefix = source["prefix"];
	        this.max_depth = source["max_depth"];
	        this.max_pages = source["max_pages"];
	    }
	}
	export class SyncStatus {
	    running: boolean;
	    source_id: number;
	    kind: string;
	    location: string;
	    started_at: string;
	    finished_at: string;
	    progress: Progress;
	    report?: Report;
	    error: string;
	
	    static createFrom(source: any = {}) {
	        return new SyncStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.running = source["running"];
	        this.source_id = source["source_id"];
	        this.kind = source["kind"];
	        this.location = source["location"];
	        this.started_at = source["started_at"];
	        this.finished_at = source["finished_at"];
	        this.progress = this.convertValues(source["progress"], Progress);
	        this.report = this.convertValues(source["report"], Report);
	        this.error = source["error"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace llm {
	
	export class Status {
	    host: string;
	    reachable: boolean;
	    version?: string;
	    error?: string;
	
	    static createFrom(source: any = {}) {
	        return new Status(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.host = source["host"];
	        this.reachable = source["reachable"];
	        this.version = source["version"];
	        this.error = source["error"];
	    }
	}

}

export namespace monitor {
	
	export class CheckResult {
	    status: string;
	    detail: string;
	
	    static createFrom(source: any = {}) {
	        return new CheckResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.status = source["status"];
	        this.detail = source["detail"];
	    }
	}
	export class HealthReport {
	    status: string;
	    version: string;
	    // Go type: time
	    time: any;
	    checks: Record<string, CheckResult>;
	
	    static createFrom(source: any = {}) {
	        return new HealthReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.status = source["status"];
	        this.version = source["version"];
	        this.time = this.convertValues(source["time"], null);
	        this.checks = this.convertValues(source["checks"], CheckResult, true);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Overview {
	    version: string;
	    data_home: string;
	    config_file: string;
	    ollama: llm.Status;
	
	    static createFrom(source: any = {}) {
	        return new Overview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.data_home = source["data_home"];
	        this.config_file = source["config_file"];
	        this.ollama = this.convertValues(source["ollama"], llm.Status);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace search {
	
	export class Hit {
	    chunk_id: number;
	    score: number;
	    title: string;
	    section: string;
	    url: string;
	    text: string;
	    snippet: string;
	    fetched_at?: string;
	
	    static createFrom(source: any = {}) {
	        return new Hit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.chunk_id = source["chunk_id"];
	        this.score = source["score"];
	        this.title = source["title"];
	        this.section = source["section"];
	        this.url = source["url"];
	        this.text = source["text"];
	        this.snippet = source["snippet"];
	        this.fetched_at = source["fetched_at"];
	    }
	}
	export class Result {
	    query: string;
	    mode: string;
	    reason?: string;
	    note?: string;
	    hits: Hit[];
	
	    static createFrom(source: any = {}) {
	        return new Result(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.query = source["query"];
	        this.mode = source["mode"];
	        this.reason = source["reason"];
	        this.note = source["note"];
	        this.hits = this.convertValues(source["hits"], Hit);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace store {
	
	export class PageInfo {
	    url: string;
	    title: string;
	    status: string;
	    error: string;
	    fetched_at: string;
	
	    static createFrom(source: any = {}) {
	        return new PageInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.url = source["url"];
	        this.title = source["title"];
	        this.status = source["status"];
	        this.error = source["error"];
	        this.fetched_at = source["fetched_at"];
	    }
	}
	export class Session {
	    id: string;
	    title: string;
	    created_at: string;
	    updated_at: string;
	    messages: number;
	
	    static createFrom(source: any = {}) {
	        return new Session(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.created_at = source["created_at"];
	        this.updated_at = source["updated_at"];
	        this.messages = source["messages"];
	    }
	}
	export class SourceSummary {
	    id: number;
	    kind: string;
	    location: string;
	    name: string;
	    settings: string;
	    pages: number;
	    chunks: number;
	    failed: number;
	    skipped: number;
	    last_synced: string;
	
	    static createFrom(source: any = {}) {
	        return new SourceSummary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.kind = source["kind"];
	        this.location = source["location"];
	        this.name = source["name"];
	        this.settings = source["settings"];
	        this.pages = source["pages"];
	        this.chunks = source["chunks"];
	        this.failed = source["failed"];
	        this.skipped = source["skipped"];
	        this.last_synced = source["last_synced"];
	    }
	}

}

